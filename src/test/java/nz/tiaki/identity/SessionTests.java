package nz.tiaki.identity;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.Visitor;
import nz.tiaki.support.Visitor.Page;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions: kept in PostgreSQL, idle and absolute timeouts, revocation, and every session
 * ending when sign-in details change (ASVS 5.0 V7.3, V7.4; HIPAA 164.312(a)(2)(iii)).
 */
class SessionTests extends PortalTest {

	private static final Pattern END_ACTION = Pattern.compile("action=\"(/account/sessions/[0-9a-f]+/end)\"");

	private Fixtures.TestAccount patient;

	@BeforeEach
	void people() {
		this.patient = this.fixtures.patient(this.fixtures.practice());
	}

	@Test
	void revokedSessionEndsOnItsNextRequest() {
		Visitor phone = signedIn(this.patient,
				visitor().as("Mozilla/5.0 (Linux; Android 15) Chrome/156.0 Mobile Safari/537.36"));
		phone.get("/patient");
		Visitor laptop = signedIn(this.patient);

		Page security = laptop.get("/account/security");
		assertThat(security.body()).contains("Chrome on Android").contains("This device");
		Matcher end = END_ACTION.matcher(security.body());
		assertThat(end.find()).isTrue();
		Page revoked = laptop.submit("/account/security", end.group(1), Map.of());

		assertThat(revoked.redirect()).isEqualTo("/account/security?done=ended");
		assertThat(phone.get("/patient").redirect()).isEqualTo("/signin");
		assertThat(laptop.get("/patient").status()).isEqualTo(200);
		assertThat(this.jdbc.sql("select count(*) from audit_event where event_type = 'SESSION_REVOKED' and account_id = :id")
			.param("id", this.patient.id().value())
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	@Test
	void sessionRevokeCannotReachAnotherAccountsSession() {
		Fixtures.TestAccount other = this.fixtures.patient(this.fixtures.practice());
		Visitor victim = signedIn(other);
		String victimRef = nz.tiaki.shared.web.RequestOrigin.digest(this.jdbc
			.sql("select session_id from spring_session where principal_name = :name")
			.param("name", other.id().toString())
			.query(String.class)
			.single());
		Visitor attacker = signedIn(this.patient);

		attacker.submit("/account/security", "/account/sessions/" + victimRef + "/end", Map.of());

		assertThat(victim.get("/patient").status()).isEqualTo(200);
	}

	@Test
	void idleSessionEndsOnItsNextRequest() {
		Visitor visitor = signedIn(this.patient);
		assertThat(visitor.get("/patient").status()).isEqualTo(200);

		this.jdbc.sql("""
				update spring_session set last_access_time = last_access_time - :ms, expiry_time = expiry_time - :ms
				where principal_name = :name
				""")
			.param("ms", Duration.ofMinutes(16).toMillis())
			.param("name", this.patient.id().toString())
			.update();

		assertThat(visitor.get("/patient").redirect()).isEqualTo("/signin");
	}

	@Test
	void sessionEndsTwelveHoursAfterSignInHoweverBusy() {
		Visitor visitor = signedIn(this.patient);
		this.clock.advance(Duration.ofHours(11).plusMinutes(59));
		assertThat(visitor.get("/patient").status()).isEqualTo(200);

		this.clock.advance(Duration.ofMinutes(2));

		assertThat(visitor.get("/patient").redirect()).isEqualTo("/signin?expired");
		assertThat(visitor.get("/patient").redirect()).isEqualTo("/signin");
	}

	@Test
	void passwordChangeEndsEverySessionAndTheOldPasswordStopsWorking() {
		Visitor other = signedIn(this.patient);
		Visitor visitor = signedIn(this.patient);

		Page changed = visitor.submit("/account/security", "/account/password", Map.of("current",
				this.patient.password(), "password", "a brand new passphrase", "confirmation", "a brand new passphrase"));

		assertThat(changed.redirect()).isEqualTo("/signin?ended");
		assertThat(visitor.get("/patient").redirect()).isEqualTo("/signin");
		assertThat(other.get("/patient").redirect()).isEqualTo("/signin");
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(visitor().signIn(this.patient.username(), this.patient.password()).redirect())
			.isEqualTo("/signin?error");
		assertThat(visitor().signIn(this.patient.username(), "a brand new passphrase").redirect())
			.isEqualTo("/signin/factor");
	}

	@Test
	void passwordChangeNeedsARecentSecondFactorCheck() {
		Visitor visitor = signedIn(this.patient);
		this.clock.advance(Duration.ofMinutes(6));

		Page attempt = visitor.submit("/account/security", "/account/password", Map.of("current",
				this.patient.password(), "password", "a brand new passphrase", "confirmation", "a brand new passphrase"));

		assertThat(attempt.redirect()).isEqualTo("/account/confirm");
		assertThat(visitor().signIn(this.patient.username(), this.patient.password()).redirect())
			.as("nothing changed").isEqualTo("/signin/factor");
		Page confirmed = visitor.submit("/account/confirm", "/account/confirm",
				Map.of("code", this.patient.codeAt(this.clock)));
		assertThat(confirmed.redirect()).isEqualTo("/account/security");
		Page changed = visitor.submit("/account/security", "/account/password", Map.of("current",
				this.patient.password(), "password", "a brand new passphrase", "confirmation", "a brand new passphrase"));
		assertThat(changed.redirect()).isEqualTo("/signin?ended");
	}

	@Test
	void weakNewPasswordIsRefusedAndNothingChanges() {
		Visitor visitor = signedIn(this.patient);

		Page refused = visitor.submit("/account/security", "/account/password",
				Map.of("current", this.patient.password(), "password", "1qaz2wsx3edc", "confirmation", "1qaz2wsx3edc"));

		assertThat(refused.status()).isEqualTo(200);
		assertThat(refused.body()).contains("one of the most common passwords");
		assertThat(visitor.get("/patient").status()).isEqualTo(200);
	}

	@Test
	void removingAFactorEndsEverySession() {
		Visitor visitor = signedIn(this.patient);
		Page added = visitor.get("/account/app");
		assertThat(added.status()).isEqualTo(200);
		String key = added.body().replaceAll("(?s).*id=\"manual-key\"[^>]*>([A-Z2-7]+)<.*", "$1");
		byte[] secret = Fixtures.base32(key);
		assertThat(visitor.submit("/account/app", "/account/app",
				Map.of("code", Fixtures.totp(secret, this.clock.instant()), "label", "Second phone")).redirect())
			.isEqualTo("/account/security?done=app");
		Visitor other = signedIn(this.patient);
		String ref = visitor.get("/account/security")
			.body()
			.replaceAll("(?s).*action=\"/account/factors/(app-[0-9a-f-]+)/remove\".*", "$1");

		Page removed = visitor.submit("/account/security", "/account/factors/" + ref + "/remove", Map.of());

		assertThat(removed.redirect()).isEqualTo("/signin?ended");
		assertThat(other.get("/patient").redirect()).isEqualTo("/signin");
		assertThat(visitor.get("/patient").redirect()).isEqualTo("/signin");
	}

	@Test
	void theLastFactorCannotBeRemoved() {
		Visitor visitor = signedIn(this.patient);
		String ref = visitor.get("/account/security")
			.body()
			.replaceAll("(?s).*action=\"/account/factors/(app-[0-9a-f-]+)/remove\".*", "$1");

		Page refused = visitor.submit("/account/security", "/account/factors/" + ref + "/remove", Map.of());

		assertThat(refused.status()).isEqualTo(200);
		assertThat(refused.body()).contains("This is your only second sign-in step");
		assertThat(visitor.get("/patient").status()).isEqualTo(200);
	}

	@Test
	void signOutEndsTheSession() {
		Visitor visitor = signedIn(this.patient);

		Page out = visitor.submit("/patient", "/signout", Map.of());

		assertThat(out.redirect()).isEqualTo("/signin?signedout");
		assertThat(visitor.get("/patient").redirect()).isEqualTo("/signin");
	}

}
