package nz.tiaki;

import java.net.http.HttpRequest;
import java.util.Map;

import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.Visitor;
import nz.tiaki.support.Visitor.Page;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headers, CSRF, default deny and error answers (ASVS 5.0 V3.4, V16.5; API Security Top 10
 * API8).
 */
class WebSecurityTests extends PortalTest {

	@Test
	void everyPageCarriesStrictSecurityHeaders() {
		Page page = visitor().get("/signin");

		assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'")
			.contains("script-src 'self'")
			.contains("style-src 'self'")
			.contains("frame-ancestors 'none'")
			.contains("object-src 'none'")
			.doesNotContain("unsafe-inline");
		assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(page.header("Referrer-Policy")).isEqualTo("same-origin");
		assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
	}

	@Test
	void signedInPagesAreNeverCached() {
		Visitor visitor = signedIn(this.fixtures.patient(this.fixtures.practice()));

		Page home = visitor.get("/patient");

		assertThat(home.header("Cache-Control")).contains("no-store");
	}

	@Test
	void pagesHaveNoInlineScriptOrStyle() {
		for (String path : new String[] { "/signin", "/invitation", "/invitation/staff" }) {
			String body = visitor().get(path).body();
			assertThat(body).as(path).doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>");
			assertThat(body).as(path).doesNotContain("style=\"").doesNotContain("<style").doesNotContain("onclick");
		}
	}

	@Test
	void formPostWithoutCsrfTokenIsRefusedAndChangesNothing() {
		Fixtures.TestAccount patient = this.fixtures.patient(this.fixtures.practice());
		Visitor visitor = signedIn(patient);

		Page forged = visitor.postForm("/account/password",
				Map.of("current", patient.password(), "password", "forged passphrase here", "confirmation",
						"forged passphrase here"));

		assertThat(forged.status()).isEqualTo(403);
		assertThat(visitor.get("/patient").status()).isEqualTo(200);
	}

	@Test
	void unknownAddressesAreDeniedByDefault() {
		assertThat(visitor().get("/internal/anything").redirect()).isEqualTo("/signin");
		assertThat(visitor().get("/actuator/env").redirect()).isEqualTo("/signin");
	}

	@Test
	void healthIsOpenAndSaysLittle() {
		Page health = visitor().getJson("/actuator/health");

		assertThat(health.status()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("components").doesNotContain("postgres");
	}

	@Test
	void notFoundAnswersJsonClientsWithAProblemDetail() {
		Visitor visitor = signedIn(this.fixtures.patient(this.fixtures.practice()));

		Page problem = visitor.getJson("/patient/does-not-exist");

		assertThat(problem.status()).isEqualTo(404);
		assertThat(problem.header("Content-Type")).startsWith("application/problem+json");
		assertThat(problem.body()).contains("\"type\":\"https://tiaki.nz/problems/not-found\"")
			.contains("\"reference\"")
			.doesNotContain("trace")
			.doesNotContain("exception");
	}

	@Test
	void notFoundAnswersPeopleWithAPlainPageAndAReference() {
		Visitor visitor = signedIn(this.fixtures.patient(this.fixtures.practice()));

		Page page = visitor.get("/patient/does-not-exist");

		assertThat(page.status()).isEqualTo(404);
		assertThat(page.body()).contains("Page not found").contains("Reference:").doesNotContain("Exception");
	}

	@Test
	void oversizedBodiesAreRefusedBeforeAnythingReadsThem() {
		Visitor visitor = visitor();
		String token = visitor.get("/signin").csrf().orElseThrow();
		String huge = "username=a%40b.example&password=" + "x".repeat(200_000) + "&_csrf=" + token;

		Page refused = visitor.send(HttpRequest.newBuilder(visitor.uri("/signin"))
			.POST(HttpRequest.BodyPublishers.ofString(huge))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html"));

		assertThat(refused.status()).isEqualTo(413);
		assertThat(refused.body()).contains("That was too large");
		assertThat(this.jdbc.sql("select count(*) from sign_in_throttle").query(Integer.class).single()).isZero();
	}


	@Test
	void aBodyWithoutADeclaredLengthIsRefusedOnceItPassesTheLimit() {
		Visitor visitor = visitor();
		byte[] huge = ("{\"id\":\"" + "x".repeat(200_000) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);

		Page refused = visitor.send(HttpRequest.newBuilder(visitor.uri("/login/webauthn"))
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge)))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json"));

		assertThat(refused.status()).isEqualTo(413);
	}

}
