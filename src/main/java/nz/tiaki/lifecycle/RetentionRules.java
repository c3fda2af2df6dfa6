package nz.tiaki.lifecycle;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Period;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.DocumentRetention;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How long each practice keeps each kind of document in the portal: the platform's longest,
 * or less where the practice chose less. The practice's own system stays the record; the
 * portal only shows a copy for a while.
 */
@Service
@EnableConfigurationProperties(LifecycleSettings.class)
public class RetentionRules implements DocumentRetention {

	private final JdbcClient jdbc;

	private final LifecycleSettings settings;

	private final LegalHolds holds;

	private final Clock clock;

	RetentionRules(JdbcClient jdbc, LifecycleSettings settings, LegalHolds holds, Clock clock) {
		this.jdbc = jdbc;
		this.settings = settings;
		this.holds = holds;
		this.clock = clock;
	}

	/** One kind's rule at one practice. */
	public record Rule(DocumentKind kind, Integer platformMonths, Integer practiceMonths) {

		/**
		 * @return the months that apply, or {@code null} when it stays
		 */
		public Integer months() {
			if (this.platformMonths == null) {
				return null;
			}
			return this.practiceMonths == null ? this.platformMonths : Math.min(this.practiceMonths, this.platformMonths);
		}

	}

	/**
	 * @param practice which practice
	 * @return every kind a practice publishes, with the platform's and the practice's months
	 */
	@Transactional(readOnly = true)
	public List<Rule> of(PracticeId practice) {
		Map<DocumentKind, Integer> chosen = chosen(practice);
		List<Rule> rules = new ArrayList<>();
		for (DocumentKind kind : DocumentKind.values()) {
			if (kind != DocumentKind.PATIENT_UPLOAD) {
				rules.add(new Rule(kind, this.settings.keepMonths().get(kind), chosen.get(kind)));
			}
		}
		return rules;
	}

	private Map<DocumentKind, Integer> chosen(PracticeId practice) {
		Map<DocumentKind, Integer> chosen = new EnumMap<>(DocumentKind.class);
		if (practice == null) {
			return chosen;
		}
		this.jdbc.sql("select kind, keep_months from retention_rule where practice_id = :p")
			.param("p", practice.value())
			.query((rs, n) -> Map.entry(DocumentKind.valueOf(rs.getString(1)), rs.getInt(2)))
			.list()
			.forEach(rule -> chosen.put(rule.getKey(), rule.getValue()));
		return chosen;
	}

	/**
	 * A practice chooses how long a kind stays: at least a month, at most the platform's.
	 * @param practice which practice
	 * @param kind which kind
	 * @param months how long, or {@code null} for the platform's
	 * @param by the staff member choosing
	 * @throws IllegalArgumentException with a plain reason when the choice is out of bounds
	 */
	@Transactional
	public void choose(PracticeId practice, DocumentKind kind, Integer months, UUID by) {
		Integer platform = this.settings.keepMonths().get(kind);
		if (kind == DocumentKind.PATIENT_UPLOAD || platform == null) {
			throw new IllegalArgumentException("This kind of document stays until it is removed.");
		}
		if (months == null) {
			this.jdbc.sql("delete from retention_rule where practice_id = :p and kind = :k")
				.param("p", practice.value())
				.param("k", kind.name())
				.update();
			return;
		}
		if (months < 1 || months > platform) {
			throw new IllegalArgumentException(
					"Choose between 1 and " + platform + " months for " + kind.label().toLowerCase() + ".");
		}
		this.jdbc.sql("""
				insert into retention_rule (practice_id, kind, keep_months, set_by, set_at)
				values (:p, :k, :m, :by, :at)
				on conflict (practice_id, kind) do update set keep_months = :m, set_by = :by, set_at = :at
				""")
			.param("p", practice.value())
			.param("k", kind.name())
			.param("m", months)
			.param("by", by)
			.param("at", Timestamp.from(this.clock.instant()))
			.update();
	}

	/**
	 * Saves a practice's choices for every kind at once: all or nothing.
	 * @param practice which practice
	 * @param kinds the kinds the form covered
	 * @param months the months chosen; a kind left out goes back to the platform's
	 * @param by the staff member choosing
	 */
	@Transactional
	public void chooseAll(PracticeId practice, List<DocumentKind> kinds, Map<DocumentKind, Integer> months, UUID by) {
		for (DocumentKind kind : kinds) {
			choose(practice, kind, months.get(kind), by);
		}
	}

	@Override
	public Optional<Period> keepFor(PracticeId practice, DocumentKind kind) {
		return of(practice).stream()
			.filter(rule -> rule.kind() == kind)
			.findFirst()
			.map(Rule::months)
			.map(Period::ofMonths);
	}

	@Override
	public Period shortest() {
		int platform = this.settings.keepMonths().values().stream().mapToInt(Integer::intValue).min().orElse(1200);
		int practices = this.jdbc.sql("select coalesce(min(keep_months), 1200) from retention_rule")
			.query(Integer.class)
			.single();
		return Period.ofMonths(Math.min(platform, practices));
	}

	@Override
	public boolean held(PatientId patient, PracticeId practice) {
		return this.holds.holds(patient, practice);
	}

}
