package nz.tiaki.patients;

import java.sql.Timestamp;
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

	Set<String> scopesInForce(UUID proxyPatientId, PatientId patient) {
		List<String[]> rows = this.jdbc.sql("""
				select scopes from proxy_grant
				where proxy_patient_id = :proxy and patient_id = :patient and revoked_at is null
				  and (expires_at is null or expires_at > :now)
				""")
			.param("proxy", proxyPatientId)
			.param("patient", patient.value())
			.param("now", Timestamp.from(this.clock.instant()))
			.query((rs, n) -> (String[]) rs.getArray(1).getArray())
			.list();
		Set<String> scopes = new HashSet<>();
		rows.forEach(row -> scopes.addAll(Arrays.asList(row)));
		return scopes;
	}

}
