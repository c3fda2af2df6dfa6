package nz.tiaki.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: the whole portal on a real port, on its own embedded
 * PostgreSQL, with a clock the tests move. One running portal serves every test class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@Import({ TestSupportConfiguration.class, nz.tiaki.vault.ObservedVault.Configuration.class })
public abstract class PortalTest {

	protected static final int PORT = freePort();

	protected static final String ORIGIN = "http://localhost:" + PORT;

	private static final Path DATABASE_DIR = databaseDir();

	@Autowired
	protected MutableClock clock;

	@Autowired
	protected JdbcClient jdbc;

	@Autowired
	protected Fixtures fixtures;

	@DynamicPropertySource
	static void portal(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("tiaki.web.origin", () -> ORIGIN);
		registry.add("tiaki.web.trusted-proxies", () -> TrustedProxy.PROXY_ADDRESS);
		registry.add("tiaki.incidents.notices-folder", () -> DATABASE_DIR.resolve("notices").toString());
		registry.add("tiaki.identity.places.file", () -> Path.of("src/test/resources/nz/tiaki/identity/address-locations.csv").toAbsolutePath().toString());
		registry.add("tiaki.db.embedded-dir", () -> DATABASE_DIR.resolve("postgres").toString());
		registry.add("tiaki.audit.signing-key-file", () -> DATABASE_DIR.resolve("keys/audit-signing.json").toString());
		registry.add("tiaki.vault.master-key-file", () -> DATABASE_DIR.resolve("keys/master.json").toString());
		registry.add("tiaki.demo.enabled", () -> false);
		registry.add("tiaki.scanning.embedded-dir", () -> DATABASE_DIR.resolve("clamav").toString());
		registry.add("tiaki.scanning.signatures", () -> DATABASE_DIR.resolve("no-signatures").toString());
		registry.add("tiaki.guard.bytes-before-lock", () -> "3MB");
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", TestMailServer::port);
		registry.add("tiaki.notifications.poll-interval", () -> "1h");
		registry.add("tiaki.appointments.reminder-interval", () -> "1h");
		registry.add("tiaki.lifecycle.export-poll", () -> "1h");
		registry.add("tiaki.db.connection-timeout", () -> "2s");
		registry.add("tiaki.identity.spread-alert-after", () -> "300");
	}

	@BeforeEach
	void freshThrottlesAndTime() {
		this.clock.reset();
		this.jdbc.sql("delete from sign_in_throttle").update();
	}

	/**
	 * Back to real time as soon as a test ends, so work still finishing in the background
	 * (listeners, jobs) is not stamped years into the future for the tests that follow.
	 */
	@AfterEach
	void realTimeAgain() {
		this.clock.reset();
	}

	/**
	 * @return where this test run keeps its database and keys
	 */
	protected static Path workDirectory() {
		return DATABASE_DIR;
	}

	/**
	 * @return a page's body without what differs on every response (CSRF tokens, error
	 * references), so two answers can be compared byte for byte
	 */
	protected static String comparable(String body) {
		return body.replaceAll("value=\"[^\"]*\"", "")
			.replaceAll("content=\"[^\"]*\"", "")
			.replaceAll("Reference: <strong>[A-Z0-9-]+</strong>", "");
	}

	protected Visitor visitor() {
		return new Visitor(ORIGIN);
	}

	/**
	 * Signs in with password and a fresh authenticator code (the clock moves one step on,
	 * since each code works once).
	 */
	protected Visitor signedIn(Fixtures.TestAccount account) {
		return signedIn(account, visitor());
	}

	protected Visitor signedIn(Fixtures.TestAccount account, Visitor visitor) {
		Visitor.Page password = visitor.signIn(account.username(), account.password());
		org.assertj.core.api.Assertions.assertThat(password.redirect()).isEqualTo("/signin/factor");
		this.clock.advance(java.time.Duration.ofSeconds(30));
		Visitor.Page code = visitor.secondFactor(account.codeAt(this.clock));
		org.assertj.core.api.Assertions.assertThat(code.status()).isEqualTo(302);
		org.assertj.core.api.Assertions.assertThat(code.redirect()).isIn("/patient", "/practice", "/operator");
		return visitor;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path databaseDir() {
		try {
			Path target = Path.of("target");
			Files.createDirectories(target);
			return Files.createTempDirectory(target, "test-postgres-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
