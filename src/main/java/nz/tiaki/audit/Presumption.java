package nz.tiaki.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.RowMapper;

/**
 * What a decision is presumed to be about, read in the statement that records the decision
 * (a patient's own document, say, whose row is read as the decision on it is recorded): one
 * round trip where reading the object first, to learn whose it is, would take two. When the
 * object is not as presumed the statement fails as a whole and nothing it would have
 * charged or recorded is kept.
 *
 * @param query a query answering the object's row, or no row when the object is not as
 * presumed; never more than one
 * @param params its parameters, each named {@code object_...}
 * @param row reads the object from the query's columns, in the query's order
 * @param <T> the object
 */
public record Presumption<T>(String query, Map<String, Object> params, RowMapper<T> row) {

	public Presumption {
		params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
		if (params.keySet().stream().anyMatch(name -> !name.startsWith("object_"))) {
			throw new IllegalArgumentException("A presumption's parameter names must start with object_");
		}
	}

	@Override
	public String toString() {
		return "Presumption[]";
	}

}
