package nz.tiaki.incidents;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
 * again, while everyone else carries on; their passwords and second factors are destroyed,
 * so only a new invitation from their practice lets them back in, on the same account, with
 * a second factor set up afresh (HIPAA 164.308(a)(6)(ii); ASVS 5.0 V6.4 credential
 * recovery).
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

	@Autowired
	private nz.tiaki.identity.Invitations invitations;

	@Autowired
	private nz.tiaki.guard.Guard guard;

	private int proofsOf(Fixtures.TestAccount account) {
		return this.jdbc.sql("""
				select (select count(*) from totp_factor where account_id = :a)
				  + (select count(*) from recovery_code where account_id = :a)
				  + (select count(*) from user_credentials c join user_entities u on u.id = c.user_entity_user_id
				     where u.name = :name)
				""").param("a", suspectId(account)).param("name", account.id().toString()).query(Integer.class).single();
	}

	private static java.util.UUID suspectId(Fixtures.TestAccount account) {
		return account.id().value();
	}

	@Test
	void aContainedStaffAccountComesBackOnlyThroughANewSetUpCodeWithNewCredentials() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount suspect = this.fixtures.staff(practice, StaffRole.DOCTOR);
		this.fixtures.recoveryCodes(suspect);
		assertThat(proofsOf(suspect)).isPositive();

		this.incidents.contain(new Scope(Set.of(suspect.id().value()), Set.of(), Set.of(),
				Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(1))), false);

		assertThat(proofsOf(suspect)).as("authenticator, recovery codes and passkeys destroyed").isZero();
		assertThat(this.jdbc.sql("select count(*) from audit_event where event_type = 'CREDENTIALS_RESET' and account_id = :a")
			.param("a", suspect.id().value())
			.query(Integer.class)
			.single()).isOne();
		Visitor admin = signedIn(practice.admin());
		assertThat(admin.get("/practice/staff").body()).contains("Sign-in reset");
		Visitor.Page code = admin.submit("/practice/staff", "/practice/staff/" + suspect.holderId() + "/invite", Map.of());
		assertThat(code.status()).isEqualTo(200);
		String setUp = code.body().replaceAll("(?s).*id=\"invitation-code\">([A-Z0-9-]+)<.*", "$1");
		assertThat(this.guard.blocked(suspect.id())).as("locked until the new code is used").isTrue();

		nz.tiaki.identity.AccountId renewed = this.invitations.redeem(new nz.tiaki.identity.Redemption(setUp, null,
				suspect.username(), "a new passphrase nobody stole", "a new passphrase nobody stole"));

		assertThat(renewed).as("the same account, its history kept").isEqualTo(suspect.id());
		assertThat(this.guard.blocked(suspect.id())).isFalse();
		assertThat(visitor().signIn(suspect.username(), suspect.password()).redirect()).as("the stolen password")
			.isEqualTo("/signin?error");
		assertThat(visitor().signIn(suspect.username(), "a new passphrase nobody stole").redirect())
			.as("a second factor must be set up afresh").isEqualTo("/enrol");
		assertThat(admin.get("/practice/staff").body()).doesNotContain("Sign-in reset");
	}

	@Test
	void aContainedPatientAccountIsShownToThePracticeAndRenewedByANewInvitation() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.InvitedPatient invited = this.fixtures.invitedPatient(practice);
		nz.tiaki.identity.AccountId account = this.invitations.redeem(new nz.tiaki.identity.Redemption(invited.code(),
				invited.birthDate(), null, Fixtures.PASSWORD, Fixtures.PASSWORD));
		Visitor admin = signedIn(practice.admin());
		assertThat(admin.submit("/practice", "/practice/patients/" + invited.id() + "/invite",
				Map.of("email", "second@example.org")).body()).as("a working account is not invited twice")
			.contains("already has an account");

		this.incidents.contain(new Scope(Set.of(account.value()), Set.of(), Set.of(),
				Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(1))), false);

		assertThat(admin.get("/practice").body()).contains("Sign-in reset");
		Visitor.Page issued = admin.submit("/practice", "/practice/patients/" + invited.id() + "/invite",
				Map.of("email", invited.email()));
		String code = issued.body().replaceAll("(?s).*id=\"invitation-code\">([A-Z0-9-]+)<.*", "$1");
		assertThat(this.invitations.redeem(new nz.tiaki.identity.Redemption(code, invited.birthDate(), null,
				"a new passphrase nobody stole", "a new passphrase nobody stole"))).isEqualTo(account);
		assertThat(visitor().signIn(invited.email(), "a new passphrase nobody stole").redirect()).isEqualTo("/enrol");
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
