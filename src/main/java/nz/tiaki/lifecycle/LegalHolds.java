package nz.tiaki.lifecycle;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Legal holds: an operator stops the deletion of a patient's or a practice's data, for an
 * investigation or a claim, until the hold is lifted. Retention, account closure and a
 * practice's departure all leave held data in place. Placing and lifting are recorded.
 */
@Service
public class LegalHolds {

	private final JdbcClient jdbc;

	private final AuditTrail audit;

	private final Clock clock;

	LegalHolds(JdbcClient jdbc, AuditTrail audit, Clock clock) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.clock = clock;
	}

	/** A hold, placed and perhaps lifted. The reason is the operator's words: no patient data. */
	public record Hold(UUID id, UUID patient, UUID practice, String reason, String placedBy, Instant placedAt,
			String liftedBy, Instant liftedAt) {

		/**
		 * @return whether it still stops deletion
		 */
		public boolean active() {
			return this.liftedAt == null;
		}

	}

	/**
	 * @param patient whose data, or {@code null}
	 * @param practice whose data, or {@code null} (exactly one of the two)
	 * @param reason why, in a few words (the case, not the patient)
	 * @param by the operator placing it
	 * @return the hold's id
	 */
	@Transactional
	public UUID place(PatientId patient, PracticeId practice, String reason, String by) {
		if ((patient == null) == (practice == null)) {
			throw new IllegalArgumentException("Hold either a patient's data or a practice's.");
		}
		String why = reason == null ? "" : reason.strip();
		if (why.isEmpty() || why.length() > 500) {
			throw new IllegalArgumentException("Give the reason for the hold (at most 500 characters).");
		}
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into legal_hold (id, patient_id, practice_id, reason, placed_by, placed_at)
				values (:id, :patient, :practice, :reason, :by, :at)
				""")
			.param("id", id)
			.param("patient", patient == null ? null : patient.value())
			.param("practice", practice == null ? null : practice.value())
			.param("reason", why)
			.param("by", by)
			.param("at", Timestamp.from(this.clock.instant()))
			.update();
		this.audit.record(SecurityEventType.LEGAL_HOLD_PLACED, null, "hold:" + id,
				patient != null ? "patient:" + patient.value() : "practice:" + practice.value());
		return id;
	}

	/**
	 * @param id the hold
	 * @param by the operator lifting it
	 * @return whether an active hold was lifted
	 */
	@Transactional
	public boolean lift(UUID id, String by) {
		boolean lifted = this.jdbc.sql("""
				update legal_hold set lifted_by = :by, lifted_at = :at where id = :id and lifted_at is null
				""")
			.param("id", id)
			.param("by", by)
			.param("at", Timestamp.from(this.clock.instant()))
			.update() == 1;
		if (lifted) {
			this.audit.record(SecurityEventType.LEGAL_HOLD_LIFTED, null, "hold:" + id, null);
		}
		return lifted;
	}

	/**
	 * @return every hold, active first, newest first
	 */
	@Transactional(readOnly = true)
	public List<Hold> all() {
		return this.jdbc.sql("""
				select id, patient_id, practice_id, reason, placed_by, placed_at, lifted_by, lifted_at from legal_hold
				order by lifted_at is not null, placed_at desc
				""")
			.query((rs, n) -> new Hold(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
					rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant(),
					rs.getString(7), rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant()))
			.list();
	}

	/**
	 * @param patient whose data
	 * @param practice the practice it came from, or {@code null}
	 * @return whether an active hold covers it (on the patient, or on that practice)
	 */
	@Transactional(readOnly = true)
	public boolean holds(PatientId patient, PracticeId practice) {
		return this.jdbc.sql("""
				select exists (select 1 from legal_hold where lifted_at is null
				  and (patient_id = :patient or (:practice::uuid is not null and practice_id = :practice::uuid)))
				""")
			.param("patient", patient.value())
			.param("practice", practice == null ? null : practice.value())
			.query(Boolean.class)
			.single();
	}

}
