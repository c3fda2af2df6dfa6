package nz.tiaki.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A condition on an allowed access that the database settles in the statement that records
 * the decision, so that settling and recording take one round trip and commit together.
 *
 * @param with named queries for a {@code WITH} list, the last named {@code ruling}, which
 * answers exactly one row with an {@code int} column {@code refusal}: 0 lets the decision
 * stand; k refuses it with the k-th of {@code refusals}
 * @param params the queries' parameters (a value may be {@code null}); no name may start
 * with {@code access_}, which the record's own parameters use
 * @param refusals the reasons a refusal is recorded with, in order
 */
public record Ruling(String with, Map<String, Object> params, List<String> refusals) {

	public Ruling {
		params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
		refusals = List.copyOf(refusals);
		if (params.keySet().stream().anyMatch(name -> name.startsWith("access_"))) {
			throw new IllegalArgumentException("A ruling's parameter names may not start with access_");
		}
	}

	@Override
	public String toString() {
		return "Ruling[refusals=" + this.refusals + "]";
	}

}
