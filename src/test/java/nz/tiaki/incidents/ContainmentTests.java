package nz.tiaki.incidents;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import nz.tiaki.clinics.StaffRole;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.Visitor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Containment in one action: the suspects' sessions end at once and they cannot sign in
 * again, while everyone else carries on (HIPAA 164.308(a)(6)(ii)).
 */
class ContainmentTests extends PortalTest {

	@Autowired
	private Incidents incidents;

	@Test
	void containingAnAccountEndsItsSessionsAndBlocksItsSignInOnly() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount suspect = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount bystander = this.fixtures.patient(practice);
		Visitor suspectPhone = signedIn(suspect);
		Visitor suspectLaptop = signedIn(suspect);
		Visitor other = signedIn(bystander);

		Containment done = this.incidents.contain(new Scope(Set.of(suspect.id().value()), Set.of(), Set.of(),
				Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(1))), false);

		assertThat(done.accountsLocked()).isEqualTo(1);
		assertThat(suspectPhone.get("/practice").redirect()).isEqualTo("/signin");
		assertThat(suspectLaptop.get("/practice").redirect()).isEqualTo("/signin");
		assertThat(visitor().signIn(suspect.username(), suspect.password()).redirect()).isEqualTo("/signin?error");
		assertThat(other.get("/patient").status()).isEqualTo(200);
		assertThat(this.jdbc.sql("select count(*) from audit_event where event_type = 'INCIDENT_CONTAINED'")
			.query(Integer.class)
			.single()).isPositive();
	}

	@Test
	void containingASessionEndsThatSessionAlone() {
		Fixtures.TestAccount patient = this.fixtures.patient(this.fixtures.practice());
		Visitor stolen = signedIn(patient);
		Visitor own = signedIn(patient);
		String ref = nz.tiaki.shared.web.RequestOrigin
			.digest(new String(java.util.Base64.getDecoder().decode(stolen.sessionCookie())));

		Containment done = this.incidents.contain(new Scope(Set.of(), Set.of(ref), Set.of(),
				Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(1))), false);

		assertThat(done.sessionsEnded()).isEqualTo(1);
		assertThat(stolen.get("/patient").redirect()).isEqualTo("/signin");
		assertThat(own.get("/patient").status()).isEqualTo(200);
	}

}
