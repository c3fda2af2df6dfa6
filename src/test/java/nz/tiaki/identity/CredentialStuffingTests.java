package nz.tiaki.identity;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import nz.tiaki.support.BrowserTest;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.TrustedProxy;
import nz.tiaki.support.Visitor;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credential stuffing: 10,000 username and password pairs against 1,000 accounts, 100 of the
 * pairs right, all from one address — and 480 pairs against 300 accounts from 480 addresses. No session reaches anything without the second factor;
 * the address is locked after 100 failures and every later attempt is refused unchecked; an
 * alert is raised for Tiaki's operators; and in the middle of the attack a real user on the
 * same address signs in with their passkey, which cannot be guessed and so is not held back
 * by the address lock (OWASP ASVS 5.0 V6.3.1, V6.3.2; API Security Top 10 API2; HIPAA
 * 164.312(d)). Per-account throttling under repeated guesses is proven in
 * {@code SignInTests}.
 */
class CredentialStuffingTests extends BrowserTest {

	private static final int ACCOUNTS = 1000;

	private static final int PAIRS = 10_000;

	private static final String LEAKED = "leaked password from another site";

	@Autowired
	private AccountStore accounts;

	@Autowired
	private Passwords passwords;

	@Autowired
	private SecondFactors factors;

	private record Pair(String username, String password) {
	}

	@Test
	void theAttackGetsNoSessionIsLockedOutAndAlertedAndAPasskeyUserStillSignsIn() {
		Instant started = this.clock.instant();
		String hash = this.passwords.hash(LEAKED);
		List<String> usernames = new ArrayList<>();
		List<AccountId> withRightPassword = new ArrayList<>();
		String batch = UUID.randomUUID().toString().substring(0, 8);
		for (int i = 0; i < ACCOUNTS; i++) {
			AccountId id = AccountId.random();
			String username = "stuffed-" + batch + "-" + i + "@example.org";
			this.accounts.insert(new AccountStore.Account(id, username, hash,
					AccountHolder.patient(UUID.randomUUID()), true), started);
			TotpEnrolment app = this.factors.startTotp(id);
			this.factors.confirmTotp(id, app, Fixtures.totp(app.secret(), this.clock.instant()), "Phone");
			usernames.add(username);
			if (i < 100) {
				withRightPassword.add(id);
			}
		}
		Random random = new Random(11);
		List<Pair> pairs = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			pairs.add(new Pair(usernames.get(i), LEAKED));
		}
		while (pairs.size() < PAIRS) {
			String name = random.nextInt(10) == 0 ? "unknown-" + random.nextInt() + "@example.org"
					: usernames.get(random.nextInt(ACCOUNTS));
			pairs.add(new Pair(name, "guess-" + random.nextInt(1_000_000)));
		}
		Collections.shuffle(pairs, random);

		VirtualAuthenticator authenticator = addPasskeyAuthenticator();
		try {
			Fixtures.TestAccount realUser = this.fixtures.patient(this.fixtures.practice());
			signInAs(realUser, "/patient");
			open("/account/passkey");
			type("#passkey-label", "My phone");
			press("Create a passkey");
			waitForText("My phone");
			press("Sign out");
			waitForText("You have signed out");

			// The attack comes from the very address the real user's browser uses.
			String browserAddress = this.jdbc.sql("""
					select source_address from audit_event where event_type = 'PASSWORD_ACCEPTED' and account_id = :a
					order by id desc limit 1
					""").param("a", realUser.id().value()).query(String.class).single();
			String origin = browserAddress.contains(":") ? "http://[::1]:" + PORT : "http://127.0.0.1:" + PORT;
			int toFactorPage = 0;
			Visitor attacker = visitor().at(origin);
			String token = attacker.get("/signin").csrf().orElseThrow();
			for (int i = 0; i < pairs.size(); i++) {
				Pair pair = pairs.get(i);
				Visitor.Page answer = attacker.send(HttpRequest.newBuilder(attacker.uri("/signin"))
					.POST(HttpRequest.BodyPublishers.ofString("_csrf=" + token + "&username="
							+ java.net.URLEncoder.encode(pair.username(), java.nio.charset.StandardCharsets.UTF_8)
							+ "&password=" + java.net.URLEncoder.encode(pair.password(),
									java.nio.charset.StandardCharsets.UTF_8)))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.header("Accept", "text/html"));
				if ("/signin/factor".equals(answer.redirect())) {
					toFactorPage++;
					assertThat(attacker.get("/patient").status()).as("nothing past the second factor").isNotEqualTo(200);
					attacker = visitor().at(origin);
					token = attacker.get("/signin").csrf().orElseThrow();
				}
				if (i == PAIRS / 2) {
					open("/signin");
					type("#username", realUser.username());
					type("#password", realUser.password());
					press("Sign in");
					waitForText("too many attempts");
					press("Sign in with a passkey");
					waitForPath("/patient");
					assertThat(find("h1").getText()).as("a passkey holder signs in during the attack").startsWith("Kia ora");
					press("Sign out");
				}
			}

			assertThat(toFactorPage).as("right passwords tried before the address was locked").isLessThanOrEqualTo(100);
			assertThat(this.jdbc.sql("""
					select count(*) from audit_event where event_type = 'SIGNED_IN' and account_id in (:ids)
					""")
				.param("ids", withRightPassword.stream().map(AccountId::value).toList())
				.query(Integer.class)
				.single()).as("no attacked account reached a full session").isZero();
			assertThat(this.jdbc.sql("""
					select count(*) from audit_event where event_type = 'SIGN_IN_THROTTLED' and occurred_at >= :since
					""")
				.param("since", java.sql.Timestamp.from(started))
				.query(Integer.class)
				.single()).as("refused unchecked once the address was locked").isGreaterThan(PAIRS - 200);
			assertThat(this.jdbc.sql("""
					select count(*) from security_alert where kind = 'SIGN_IN_ATTACK' and practice_id is null
					  and raised_at >= :since
					""")
				.param("since", java.sql.Timestamp.from(started))
				.query(Integer.class)
				.single()).as("an alert for the operators").isPositive();
		}
		finally {
			removePasskeyAuthenticator(authenticator);
		}
	}

	/**
	 * The same attack spread over many machines, one address per attempt, so that no address
	 * ever fails often enough to be locked: each account under repeated attack is slowed by
	 * its own failures, a right password still reaches only the second-factor page, and the
	 * failures across every address raise one alert for Tiaki's operators.
	 */
	@Test
	void anAttackSpreadOverManyAddressesIsSlowedPerAccountAndAlertedOnce() {
		// A browser sign-in moves the clock past an authenticator step, so a test just before
		// may have stamped its locks and alerts up to that far ahead of real time; this test's
		// window begins after them, or it would count them as its own.
		this.clock.advance(Duration.ofMinutes(2));
		Instant started = this.clock.instant();
		String hash = this.passwords.hash(LEAKED);
		String batch = UUID.randomUUID().toString().substring(0, 8);
		List<String> usernames = new ArrayList<>();
		List<AccountId> ids = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			AccountId id = AccountId.random();
			String username = "spread-" + batch + "-" + i + "@example.org";
			this.accounts.insert(new AccountStore.Account(id, username, hash, AccountHolder.patient(UUID.randomUUID()),
					true), started);
			TotpEnrolment app = this.factors.startTotp(id);
			this.factors.confirmTotp(id, app, Fixtures.totp(app.secret(), this.clock.instant()), "Phone");
			usernames.add(username);
			ids.add(id);
		}
		// Single tries, and bursts of nine tries at one account from nine machines.
		Random random = new Random(17);
		List<List<Pair>> units = new ArrayList<>();
		for (int i = 0; i < 280; i++) {
			units.add(List.of(new Pair(usernames.get(i), "guess-" + random.nextInt(1_000_000))));
		}
		for (int i = 0; i < 20; i++) {
			units.add(List.of(new Pair(usernames.get(i), LEAKED)));
		}
		for (int i = 280; i < 300; i++) {
			List<Pair> burst = new ArrayList<>();
			for (int guess = 0; guess < 9; guess++) {
				burst.add(new Pair(usernames.get(i), "guess-" + random.nextInt(1_000_000)));
			}
			units.add(burst);
		}
		Collections.shuffle(units, random);
		List<Pair> pairs = units.stream().flatMap(List::stream).toList();
		java.util.Set<String> burstTargets = new java.util.HashSet<>(usernames.subList(280, 300));
		java.util.Set<String> slowed = new java.util.HashSet<>();

		int toFactorPage = 0;
		int paused = 0;
		try (TrustedProxy proxy = new TrustedProxy(PORT)) {
			for (int i = 0; i < pairs.size(); i++) {
				Visitor machine = new Visitor(proxy.origin()).from("198.18." + (i / 250) + "." + (i % 250 + 1));
				Visitor.Page answer = machine.signIn(pairs.get(i).username(), pairs.get(i).password());
				if ("/signin/factor".equals(answer.redirect())) {
					toFactorPage++;
					assertThat(machine.get("/patient").status()).as("nothing past the second factor").isNotEqualTo(200);
				}
				else if ("/signin?paused".equals(answer.redirect())) {
					paused++;
					slowed.add(pairs.get(i).username());
				}
			}
		}

		java.sql.Timestamp since = java.sql.Timestamp.from(started);
		assertThat(toFactorPage).as("each right password reached the second factor, no further").isEqualTo(20);
		assertThat(this.jdbc.sql("select count(*) from audit_event where event_type = 'SIGNED_IN' and account_id in (:ids)")
			.param("ids", ids.stream().map(AccountId::value).toList())
			.query(Integer.class)
			.single()).isZero();
		assertThat(this.jdbc.sql("""
				select count(*) from audit_event where event_type = 'LOCKED' and detail = 'address' and occurred_at >= :since
				""").param("since", since).query(Integer.class).single()).as("no one address failed often enough to lock")
			.isZero();
		assertThat(paused).as("each burst of nine is slowed after five failures, whatever the address")
			.isEqualTo(20 * 4);
		assertThat(slowed).as("only the accounts tried again and again").isEqualTo(burstTargets);
		assertThat(this.jdbc.sql("""
				select count(*) from security_alert where kind = 'SIGN_IN_ATTACK_SPREAD' and practice_id is null
				  and raised_at >= :since
				""").param("since", since).query(Integer.class).single()).as("one alert for the operators, not one per batch")
			.isOne();
	}

}
