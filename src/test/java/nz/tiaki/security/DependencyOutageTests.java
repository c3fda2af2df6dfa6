package nz.tiaki.security;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.Visitor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL out of reach: pages answer "unavailable for a moment" (503) in plain words,
 * JSON clients get an RFC 9457 problem, nothing is half-written, and the portal recovers by
 * itself once the database is back — no restart (ASVS 5.0 V16.5 error handling; HIPAA
 * 164.308(a)(7) contingency).
 */
class DependencyOutageTests extends PortalTest {

	@Autowired
	@Qualifier("ownerDataSource")
	private DataSource owner;

	private void database(boolean reachable) throws SQLException {
		try (Connection superuser = this.owner.getConnection(); Statement sql = superuser.createStatement()) {
			if (reachable) {
				sql.execute("alter role tiaki_app login");
			}
			else {
				sql.execute("alter role tiaki_app nologin");
				sql.execute("select pg_terminate_backend(pid) from pg_stat_activity where usename = 'tiaki_app'");
			}
		}
	}

	@Test
	void pagesSayUnavailableNothingIsHalfWrittenAndThePortalRecovers() throws SQLException {
		Fixtures.TestAccount patient = this.fixtures.patient(this.fixtures.practice());
		Visitor me = signedIn(patient);
		String csrf = me.get("/patient/messages/new").csrf().orElseThrow();
		int messagesBefore = this.jdbc.sql("select count(*) from message_thread where patient_id = :p")
			.param("p", patient.holderId())
			.query(Integer.class)
			.single();

		database(false);
		try {
			Visitor.Page page = me.get("/patient");
			assertThat(page.status()).isEqualTo(503);
			assertThat(page.body()).contains("Tiaki is unavailable for a moment").doesNotContain("Exception");
			Visitor.Page json = me.getJson("/patient/my-data/status");
			assertThat(json.status()).isEqualTo(503);
			assertThat(json.header("Content-Type")).contains("application/problem+json");
			Visitor.Page write = me.postForm("/patient/messages/new", Map.of("_csrf", csrf, "to", "",
					"subject", "During the outage", "body", "Will this be kept?"));
			assertThat(write.status()).isEqualTo(503);
			Visitor.Page signIn = visitor().get("/signin");
			assertThat(signIn.status()).as("signing in needs the database too").isEqualTo(503);
			assertThat(signIn.body()).contains("Tiaki is unavailable for a moment");
			assertThat(visitor().fetch("/css/tiaki.css").status()).as("the page keeps its styles").isEqualTo(200);
		}
		finally {
			database(true);
		}

		org.awaitility.Awaitility.await("recovered by itself within seconds, without a restart, same session")
			.atMost(java.time.Duration.ofSeconds(15))
			.pollInterval(java.time.Duration.ofMillis(500))
			.until(() -> me.get("/patient").status() == 200);
		assertThat(this.jdbc.sql("select count(*) from message_thread where patient_id = :p")
			.param("p", patient.holderId())
			.query(Integer.class)
			.single()).as("nothing half-written").isEqualTo(messagesBefore);
	}

}
