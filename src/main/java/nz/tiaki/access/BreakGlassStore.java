package nz.tiaki.access;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import nz.tiaki.shared.ids.PatientId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Emergency access windows. The reason stays here, never in the audit log, since it may
 * mention the patient's condition.
 */
@Repository
class BreakGlassStore {

	private final JdbcClient jdbc;

	BreakGlassStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void open(UUID staffId, UUID accountId, PatientId patient, String reason, Instant now, Instant until) {
		this.jdbc.sql("""
				insert into break_glass (id, staff_id, account_id, patient_id, reason, started_at, expires_at)
				values (:id, :staff, :account, :patient, :reason, :now, :until)
				""")
			.param("id", UUID.randomUUID())
			.param("staff", staffId)
			.param("account", accountId)
			.param("patient", patient.value())
			.param("reason", reason)
			.param("now", Timestamp.from(now))
			.param("until", Timestamp.from(until))
			.update();
	}

	boolean active(UUID staffId, PatientId patient, Instant now) {
		return this.jdbc.sql("""
				select count(*) from break_glass
				where staff_id = :staff and patient_id = :patient and started_at <= :now and expires_at > :now
				""")
			.param("staff", staffId)
			.param("patient", patient.value())
			.param("now", Timestamp.from(now))
			.query(Integer.class)
			.single() > 0;
	}

}
