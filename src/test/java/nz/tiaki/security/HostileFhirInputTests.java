package nz.tiaki.security;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.jwk.RSAKey;
import nz.tiaki.apps.Apps;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.SmartApp;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input to the FHIR API from a practice system that holds a valid token: hostile
 * values in the search parameters of every resource type, JSON nested ten thousand deep,
 * malformed JSON, a body that is not JSON at all — each answered with a 4xx and an
 * OperationOutcome, never a 5xx, and nothing stored (API Security Top 10 API8, API4; ASVS
 * 5.0 V1.5 safe deserialisation).
 */
class HostileFhirInputTests extends PortalTest {

	private static final List<String> HOSTILE = List.of("' OR '1'='1' --", "x\r\nX-Injected: 1", "../../etc/passwd",
			"\u0000", "9".repeat(3000), "gt2020-13-45", "Patient/../../x");

	private static final List<String> PARAMETERS = List.of("patient", "subject", "_id", "identifier", "category",
			"code", "date", "status", "_lastUpdated", "_count", "_include", "_revinclude", "_sort", "_elements");

	@Autowired
	private Apps apps;

	private final HttpClient http = HttpClient.newHttpClient();

	private HttpResponse<String> call(String token, String method, String path, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ORIGIN + "/fhir/" + path))
			.header("Authorization", "Bearer " + token)
			.header("Accept", "application/fhir+json");
		if (body == null) {
			request.GET();
		}
		else {
			request.header("Content-Type", "application/fhir+json")
				.method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void hostileInputGetsAFourHundredAndStoresNothing() throws Exception {
		Fixtures.TestPractice practice = this.fixtures.practice();
		this.fixtures.patient(practice);
		RSAKey key = SmartApp.newKey();
		SmartApp system = new SmartApp(ORIGIN,
				this.apps.registerPracticeSystem(practice.id(), "Hostile PMS", key.toPublicJWK().toJSONString()));
		String token = system.systemToken(key, "system/*.rs system/*.cu").accessToken();
		int entriesBefore = this.jdbc.sql("select count(*) from clinical_entry").query(Integer.class).single();

		List<String> problems = new ArrayList<>();
		for (String type : Apps.RESOURCE_TYPES) {
			for (String parameter : PARAMETERS) {
				for (String value : HOSTILE) {
					HttpResponse<String> answer = call(token, "GET", type + "?" + parameter + "="
							+ URLEncoder.encode(value, StandardCharsets.UTF_8), null);
					if (answer.statusCode() >= 500 || answer.headers().firstValue("X-Injected").isPresent()) {
						problems.add(type + "?" + parameter + " answered " + answer.statusCode());
					}
				}
			}
			HttpResponse<String> read = call(token, "GET", type + "/" + URLEncoder.encode("' OR 1=1", StandardCharsets.UTF_8),
					null);
			if (read.statusCode() >= 500) {
				problems.add(type + " read answered " + read.statusCode());
			}
		}

		String deep = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + "[".repeat(10_000)
				+ "]".repeat(10_000) + "]}";
		for (String body : List.of(deep, "{\"resourceType\":\"Bundle\",", "<Bundle/>", "not json at all",
				"{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":{\"resourceType\":"
						+ "\"Condition\",\"subject\":{\"reference\":\"Patient/' OR 1=1\"}},\"request\":{\"method\":"
						+ "\"POST\",\"url\":\"Condition\"}}]}")) {
			HttpResponse<String> answer = call(token, "POST", "", body);
			assertThat(answer.statusCode()).as("posting %s…", body.substring(0, Math.min(30, body.length())))
				.isBetween(400, 499);
			assertThat(answer.body()).contains("OperationOutcome");
		}
		assertThat(problems).isEmpty();
		assertThat(this.jdbc.sql("select count(*) from clinical_entry").query(Integer.class).single())
			.as("nothing stored").isEqualTo(entriesBefore);
	}

}
