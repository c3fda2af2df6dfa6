package nz.tiaki.incidents;

import java.sql.Timestamp;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import nz.tiaki.clinics.PracticeId;
import nz.tiaki.clinics.Practices;
import nz.tiaki.shared.ids.PatientId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Scopes a breach from the audit log: which patients' data and which documents a set of
 * accounts, sessions or addresses actually received in a window. Only allowed decisions
 * count; a document counts once its content was delivered.
 */
@Service
public class Incidents {

	private static final UUID NOBODY = new UUID(0, 0);

	private final JdbcClient jdbc;

	private final Practices practices;

	Incidents(JdbcClient jdbc, Practices practices) {
		this.jdbc = jdbc;
		this.practices = practices;
	}

	/**
	 * @param scope the suspects and the window
	 * @return what they were given
	 */
	@Transactional(readOnly = true)
	public Exposure scope(Scope scope) {
		Set<UUID> patients = new HashSet<>();
		Set<UUID> documents = new HashSet<>();
		long[] examined = { 0 };
		this.jdbc.sql("""
				select patient_id, action, object_ref from audit_event
				where category = 'ACCESS' and decision = 'ALLOW' and occurred_at >= :from and occurred_at < :to
				  and (account_id in (:accounts) or session_ref in (:sessions) or source_address in (:addresses))
				""")
			.param("from", Timestamp.from(scope.from()))
			.param("to", Timestamp.from(scope.to()))
			.param("accounts", scope.accounts().isEmpty() ? Set.of(NOBODY) : scope.accounts())
			.param("sessions", scope.sessions().isEmpty() ? Set.of("-") : scope.sessions())
			.param("addresses", scope.addresses().isEmpty() ? Set.of("-") : scope.addresses())
			.query(rs -> {
				examined[0]++;
				UUID patient = rs.getObject(1, UUID.class);
				if (patient != null && rs.getString(2).startsWith("READ_")) {
					patients.add(patient);
				}
				String object = rs.getString(3);
				if ("READ_DOCUMENT".equals(rs.getString(2)) && object != null && object.startsWith("download:")) {
					documents.add(UUID.fromString(object.substring("download:".length())));
				}
			});
		Map<UUID, Integer> byPractice = new HashMap<>();
		for (UUID patient : patients) {
			for (PracticeId practice : this.practices.practicesOf(new PatientId(patient))) {
				byPractice.merge(practice.value(), 1, Integer::sum);
			}
		}
		return new Exposure(Set.copyOf(patients), Set.copyOf(documents), Map.copyOf(byPractice), examined[0]);
	}

}
