package nz.tiaki.identity;

import java.time.Duration;
import java.util.Map;

import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.Visitor;
import nz.tiaki.support.Visitor.Page;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in with a password and a mandatory second factor, throttling and locks
 * (ASVS 5.0 V6.3, V6.6; HIPAA 164.312(d)).
 */
class SignInTests extends PortalTest {

	private Fixtures.TestPractice practice;

	private Fixtures.TestAccount patient;

	@BeforeEach
	void people() {
		this.practice = this.fixtures.practice();
		this.patient = this.fixtures.patient(this.practice);
	}

	@Test
	void signInWithPasswordAndAuthenticatorCodeReachesPatientHome() {
		Visitor visitor = signedIn(this.patient);

		Page home = visitor.get("/patient");

		assertThat(home.status()).isEqualTo(200);
		assertThat(home.body()).contains("Kia ora");
	}

	@Test
	void passwordOnlySignInReachesNothingButTheSecondFactorPage() {
		Visitor visitor = visitor();
		assertThat(visitor.signIn(this.patient.username(), this.patient.password()).redirect())
			.isEqualTo("/signin/factor");

		for (String path : new String[] { "/patient", "/account/security", "/practice", "/practice/staff",
				"/account/confirm", "/" }) {
			Page page = visitor.get(path);
			assertThat(page.status()).as(path).isEqualTo(302);
			assertThat(page.redirect()).as(path).isEqualTo("/signin/factor");
			assertThat(page.body()).as(path).doesNotContain("Kia ora");
		}
		assertThat(visitor.get("/signin/factor").status()).isEqualTo(200);
		assertThat(visitor.get("/enrol").redirect()).as("an enrolled account cannot enrol again with a password alone")
			.isEqualTo("/signin/factor");
	}

	@Test
	void passwordOnlySignInCannotRegisterAPasskeyOnAnAccountThatHasAFactor() {
		Visitor visitor = visitor();
		visitor.signIn(this.patient.username(), this.patient.password());
		Page factorPage = visitor.get("/signin/factor");

		Page options = visitor.send(java.net.http.HttpRequest.newBuilder(visitor.uri("/webauthn/register/options"))
			.POST(java.net.http.HttpRequest.BodyPublishers.noBody())
			.header("X-CSRF-TOKEN", factorPage.csrf().orElseThrow())
			.header("Accept", "application/json"));

		assertThat(options.status()).isEqualTo(403);
		assertThat(options.body()).doesNotContain("challenge");
		assertThat(this.jdbc.sql("select count(*) from spring_session_attributes where attribute_name = :name")
			.param("name", SessionCreationOptions.ATTRIBUTE)
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void sessionIdChangesAtEachSignInStep() {
		Visitor visitor = visitor();
		visitor.get("/signin");
		String anonymous = visitor.sessionCookie();
		visitor.signIn(this.patient.username(), this.patient.password());
		String partial = visitor.sessionCookie();
		this.clock.advance(Duration.ofSeconds(30));
		visitor.secondFactor(this.patient.codeAt(this.clock));
		String full = visitor.sessionCookie();

		assertThat(anonymous).isNotNull();
		assertThat(partial).isNotEqualTo(anonymous);
		assertThat(full).isNotEqualTo(partial).isNotEqualTo(anonymous);
	}

	@Test
	void authenticatorCodeWorksOnlyOnce() {
		Visitor first = visitor();
		first.signIn(this.patient.username(), this.patient.password());
		this.clock.advance(Duration.ofSeconds(30));
		String code = this.patient.codeAt(this.clock);
		assertThat(first.secondFactor(code).redirect()).isEqualTo("/patient");

		Visitor second = visitor();
		second.signIn(this.patient.username(), this.patient.password());
		Page replay = second.secondFactor(code);

		assertThat(replay.status()).isEqualTo(200);
		assertThat(replay.body()).contains("That code did not work");
		assertThat(second.get("/patient").redirect()).isEqualTo("/signin/factor");
	}

	@Test
	void wrongCodeIsRefusedAndLeavesTheSessionWaitingForTheSecondFactor() {
		Visitor visitor = visitor();
		visitor.signIn(this.patient.username(), this.patient.password());

		Page wrong = visitor.secondFactor("000000".equals(this.patient.codeAt(this.clock)) ? "111111" : "000000");

		assertThat(wrong.body()).contains("That code did not work");
		assertThat(visitor.get("/patient").redirect()).isEqualTo("/signin/factor");
	}

	@Test
	void usernameVariantsInCaseAndWhiteSpaceAreTheSameAccount() {
		Visitor visitor = visitor();

		Page page = visitor.signIn("  " + this.patient.username().toUpperCase() + " ", this.patient.password());

		assertThat(page.redirect()).isEqualTo("/signin/factor");
	}

	@Test
	void unknownAndKnownUsernamesGetIdenticalResponses() {
		Page known = visitor().signIn(this.patient.username(), "not the password at all");
		Page unknown = visitor().signIn("nobody-" + this.patient.username(), "not the password at all");

		assertThat(unknown.status()).isEqualTo(known.status());
		assertThat(unknown.redirect()).isEqualTo(known.redirect()).isEqualTo("/signin?error");
		assertThat(unknown.body()).isEqualTo(known.body());
		assertThat(unknown.headers().map().keySet()).isEqualTo(known.headers().map().keySet());
	}

	@Test
	void unknownAndKnownUsernamesAreThrottledAlike() {
		for (int i = 0; i < 5; i++) {
			visitor().signIn(this.patient.username(), "wrong password " + i);
			visitor().signIn("nobody-" + this.patient.username(), "wrong password " + i);
		}

		Page known = visitor().signIn(this.patient.username(), "wrong password again");
		Page unknown = visitor().signIn("nobody-" + this.patient.username(), "wrong password again");

		assertThat(known.redirect()).isEqualTo("/signin?paused");
		assertThat(unknown.redirect()).isEqualTo(known.redirect());
	}

	@Test
	void fromTheFifthFailureEachAttemptMustWaitLonger() {
		for (int i = 0; i < 5; i++) {
			assertThat(visitor().signIn(this.patient.username(), "wrong password " + i).redirect())
				.isEqualTo("/signin?error");
		}

		assertThat(visitor().signIn(this.patient.username(), this.patient.password()).redirect())
			.as("even the right password waits").isEqualTo("/signin?paused");
		this.clock.advance(Duration.ofMillis(1100));
		assertThat(visitor().signIn(this.patient.username(), "wrong password 6").redirect()).isEqualTo("/signin?error");
		this.clock.advance(Duration.ofMillis(1100));
		assertThat(visitor().signIn(this.patient.username(), this.patient.password()).redirect())
			.as("the delay doubles after the sixth failure").isEqualTo("/signin?paused");
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(visitor().signIn(this.patient.username(), this.patient.password()).redirect())
			.isEqualTo("/signin/factor");
	}

	@Test
	void lockedAccountRejectsTheCorrectPasswordAndCode() {
		Visitor victim = visitor();
		assertThat(victim.signIn(this.patient.username(), this.patient.password()).redirect())
			.isEqualTo("/signin/factor");
		lockOut(this.patient.username());

		Page password = visitor().signIn(this.patient.username(), this.patient.password());
		this.clock.advance(Duration.ofSeconds(30));
		Page code = victim.secondFactor(this.patient.codeAt(this.clock));

		assertThat(password.redirect()).isEqualTo("/signin?paused");
		assertThat(code.status()).isEqualTo(200);
		assertThat(code.body()).contains("sign-in is paused for this account");
		assertThat(victim.get("/patient").redirect()).isEqualTo("/signin/factor");
		assertThat(this.jdbc.sql("select count(*) from audit_event where event_type = 'LOCKED' and account_id = :id")
			.param("id", this.patient.id().value())
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	@Test
	void lockEndsAfterFifteenMinutes() {
		lockOut(this.patient.username());
		assertThat(visitor().signIn(this.patient.username(), this.patient.password()).redirect())
			.isEqualTo("/signin?paused");

		this.clock.advance(Duration.ofMinutes(16));

		assertThat(visitor().signIn(this.patient.username(), this.patient.password()).redirect())
			.isEqualTo("/signin/factor");
	}

	@Test
	void recoveryCodeSignsInOnceAndOnlyOnce() {
		java.util.List<String> codes = this.fixtures.recoveryCodes(this.patient);
		Visitor first = visitor();
		first.signIn(this.patient.username(), this.patient.password());
		Page used = first.submit("/signin/factor", "/signin/factor/recovery", Map.of("code", codes.get(3)));
		assertThat(used.redirect()).isEqualTo("/patient");

		Visitor second = visitor();
		second.signIn(this.patient.username(), this.patient.password());
		Page again = second.submit("/signin/factor", "/signin/factor/recovery", Map.of("code", codes.get(3)));

		assertThat(again.status()).isEqualTo(200);
		assertThat(again.body()).contains("That recovery code did not work");
	}

	@Test
	void signInAndFailuresAreRecorded() {
		visitor().signIn(this.patient.username(), "wrong password");
		signedIn(this.patient);

		assertThat(this.jdbc.sql("select event_type from audit_event where account_id = :id order by id")
			.param("id", this.patient.id().value())
			.query(String.class)
			.list()).containsSubsequence("SIGN_IN_FAILED", "PASSWORD_ACCEPTED", "SIGNED_IN");
	}

	private void lockOut(String username) {
		for (int i = 0; i < 20; i++) {
			if (i >= 5) {
				this.clock.advance(Throttle.delay(i - 5).plusMillis(100));
			}
			assertThat(visitor().signIn(username, "wrong password " + i).redirect()).isEqualTo("/signin?error");
		}
	}

}
