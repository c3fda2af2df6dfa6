package nz.tiaki.patients;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import nz.tiaki.shared.ids.PatientId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Proxy arrangements: who may act for whom, in which scopes, until when.
 */
@Repository
class ProxyStore {

	private final JdbcClient jdbc;

	private final Clock clock;

	ProxyStore(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * This moment, bound with its type. A {@link Timestamp} reaches the server without one, so
	 * a statement bound with it is described once the driver prepares it, and a described
	 * statement that answers in columns of no fixed width (text, arrays) is then sent only
	 * after a round trip of its own. The arrangements in force are read on every page a
	 * patient opens.
	 */
	private java.time.OffsetDateTime now() {
		return this.clock.instant().atOffset(java.time.ZoneOffset.UTC);
	}

	Set<String> scopesInForce(UUID proxyPatientId, PatientId patient) {
		List<String[]> rows = this.jdbc.sql("""
				select scopes from proxy_grant
				where proxy_patient_id = :proxy and patient_id = :patient and revoked_at is null
				  and (expires_at is null or expires_at > :now)
				""")
			.param("proxy", proxyPatientId)
			.param("patient", patient.value())
			.param("now", now())
			.query((rs, n) -> (String[]) rs.getArray(1).getArray())
			.list();
		Set<String> scopes = new HashSet<>();
		rows.forEach(row -> scopes.addAll(Arrays.asList(row)));
		return scopes;
	}


	record Arrangement(UUID id, UUID patient, UUID proxy, List<String> scopes, Instant grantedAt, Instant expiresAt,
			boolean parentLink) {
	}

	void linkParent(UUID id, PatientId child, UUID parent, List<String> scopes, Instant endsAt, UUID staff) {
		grant(id, child, parent, scopes, endsAt);
		this.jdbc.sql("update proxy_grant set kind = 'PARENT', set_by = :staff where id = :id")
			.param("staff", staff)
			.param("id", id)
			.update();
	}

	/** The young person lets a parent link go on: it becomes their own arrangement, without an end. */
	boolean continueParentLink(UUID id, PatientId child, Instant now) {
		return this.jdbc.sql("""
				update proxy_grant set kind = 'PATIENT', expires_at = null
				where id = :id and patient_id = :child and kind = 'PARENT' and revoked_at is null
				  and (expires_at is null or expires_at > :now)
				""")
			.param("id", id)
			.param("child", child.value())
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	boolean revokeParentLink(UUID id, PatientId child) {
		return this.jdbc.sql("""
				update proxy_grant set revoked_at = :now
				where id = :id and patient_id = :child and kind = 'PARENT' and revoked_at is null
				""")
			.param("now", Timestamp.from(this.clock.instant()))
			.param("id", id)
			.param("child", child.value())
			.update() == 1;
	}

	void grant(UUID id, PatientId patient, UUID proxy, List<String> scopes, Instant expiresAt) {
		this.jdbc.sql("""
				update proxy_grant set revoked_at = :now
				where patient_id = :patient and proxy_patient_id = :proxy and revoked_at is null
				""")
			.param("now", Timestamp.from(this.clock.instant()))
			.param("patient", patient.value())
			.param("proxy", proxy)
			.update();
		this.jdbc.sql("""
				insert into proxy_grant (id, patient_id, proxy_patient_id, scopes, granted_at, expires_at)
				values (:id, :patient, :proxy, :scopes, :now, :expires)
				""")
			.param("id", id)
			.param("patient", patient.value())
			.param("proxy", proxy)
			.param("scopes", scopes.toArray(String[]::new))
			.param("now", Timestamp.from(this.clock.instant()))
			.param("expires", expiresAt == null ? null : Timestamp.from(expiresAt))
			.update();
	}

	boolean revoke(UUID id, PatientId patient) {
		return this.jdbc.sql("update proxy_grant set revoked_at = :now where id = :id and patient_id = :patient "
				+ "and revoked_at is null and kind = 'PATIENT'")
			.param("now", Timestamp.from(this.clock.instant()))
			.param("id", id)
			.param("patient", patient.value())
			.update() > 0;
	}

	int revokeAllOf(PatientId patient) {
		return this.jdbc.sql("""
				update proxy_grant set revoked_at = :now
				where (patient_id = :p or proxy_patient_id = :p) and revoked_at is null
				""")
			.param("now", Timestamp.from(this.clock.instant()))
			.param("p", patient.value())
			.update();
	}

	List<Arrangement> inForce(String column, UUID holder) {
		return this.jdbc.sql("select id, patient_id, proxy_patient_id, scopes, granted_at, expires_at, kind from proxy_grant "
				+ "where " + column + " = :holder and revoked_at is null and (expires_at is null or expires_at > :now) "
				+ "order by granted_at")
			.param("holder", holder)
			.param("now", now())
			.query((rs, n) -> new Arrangement(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
					rs.getObject(3, UUID.class), List.of((String[]) rs.getArray(4).getArray()),
					rs.getTimestamp(5).toInstant(), rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant(),
					"PARENT".equals(rs.getString(7))))
			.list();
	}


	boolean everArranged(PatientId patient, UUID proxy) {
		return this.jdbc.sql("select count(*) from proxy_grant where patient_id = :patient and proxy_patient_id = :proxy")
			.param("patient", patient.value())
			.param("proxy", proxy)
			.query(Integer.class)
			.single() > 0;
	}

}
