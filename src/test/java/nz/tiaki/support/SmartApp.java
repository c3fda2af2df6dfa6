package nz.tiaki.support;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app talking to the portal the way a SMART on FHIR app does: the authorisation code flow
 * with PKCE through a signed-in patient's browser (here, a {@link Visitor}), or the client
 * credentials flow with a signed client assertion for a practice system.
 */
public final class SmartApp {

	public static final String REDIRECT = "http://127.0.0.1:9/callback";

	private static final Pattern CONSENT_STATE = Pattern.compile("[?&]state=([^&]+)");

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private final String origin;

	private final String clientId;

	public SmartApp(String origin, String clientId) {
		this.origin = origin;
		this.clientId = clientId;
	}

	public String clientId() {
		return this.clientId;
	}

	/**
	 * The authorisation request, up to the point where the portal answers it (a redirect to
	 * sign in, to the consent page, or back to the app).
	 */
	public Visitor.Page authorize(Visitor browser, String scope, String challenge) {
		return browser.get("/oauth2/authorize?response_type=code&client_id=" + enc(this.clientId) + "&redirect_uri="
				+ enc(REDIRECT) + "&scope=" + enc(scope) + "&state=app-state-1&code_challenge=" + challenge
				+ "&code_challenge_method=S256");
	}

	/**
	 * The whole flow for a signed-in patient who approves every scope asked for.
	 * @return the token response
	 */
	public Tokens connect(Visitor browser, String scope) {
		String verifier = verifier();
		Visitor.Page asked = authorize(browser, scope, challenge(verifier));
		assertThat(asked.status()).as("authorisation request answered with a redirect").isEqualTo(302);
		assertThat(asked.location()).contains("/patient/apps/consent");
		Visitor.Page consent = browser.get(URI.create(asked.location()).getRawPath() + "?"
				+ URI.create(asked.location()).getRawQuery());
		assertThat(consent.status()).isEqualTo(200);
		String code = approve(browser, asked.location(), List.of(scope.split(" ")));
		return exchange(code, verifier);
	}

	/**
	 * Approves on the consent page, as the patient's browser posts it.
	 * @return the authorisation code sent back to the app
	 */
	public String approve(Visitor browser, String consentLocation, List<String> scopes) {
		Matcher state = CONSENT_STATE.matcher(consentLocation);
		assertThat(state.find()).isTrue();
		StringBuilder body = new StringBuilder("client_id=" + enc(this.clientId) + "&state=" + state.group(1));
		for (String scope : scopes) {
			if (!scope.equals("openid")) {
				body.append("&scope=").append(enc(scope));
			}
		}
		Visitor.Page approved = browser.send(HttpRequest.newBuilder(browser.uri("/oauth2/authorize"))
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
			.header("Content-Type", "application/x-www-form-urlencoded"));
		assertThat(approved.status()).isEqualTo(302);
		assertThat(approved.location()).startsWith(REDIRECT);
		return query(approved.location()).get("code");
	}

	/**
	 * @param verifier the PKCE verifier, or {@code null} to leave it out
	 */
	public Tokens exchange(String code, String verifier) {
		Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "authorization_code", "code", code,
				"redirect_uri", REDIRECT, "client_id", this.clientId));
		if (verifier != null) {
			form.put("code_verifier", verifier);
		}
		return token(form);
	}

	public Tokens refresh(String refreshToken) {
		return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", this.clientId));
	}

	/**
	 * The client credentials flow, signing in with a client assertion.
	 */
	public Tokens systemToken(RSAKey key, String scope) {
		return token(Map.of("grant_type", "client_credentials", "scope", scope, "client_id", this.clientId,
				"client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion",
				assertion(key, this.origin + "/oauth2/token")));
	}

	public String assertion(RSAKey key, String audience) {
		try {
			JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.clientId)
				.subject(this.clientId)
				.audience(audience)
				.jwtID(UUID.randomUUID().toString())
				.issueTime(new Date())
				.expirationTime(new Date(System.currentTimeMillis() + 120_000))
				.build();
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static RSAKey newKey() {
		try {
			return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public Tokens token(Map<String, String> form) {
		Visitor plain = new Visitor(this.origin);
		String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
		Visitor.Page answer = plain.send(HttpRequest.newBuilder(plain.uri("/oauth2/token"))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json"));
		return new Tokens(answer.status(), answer.body().isBlank() ? null : JSON.readTree(answer.body()));
	}

	/**
	 * @return a HAPI generic client that sends the token
	 */
	public IGenericClient fhir(String accessToken) {
		FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		IGenericClient client = FHIR.newRestfulGenericClient(this.origin + "/fhir");
		client.registerInterceptor(new BearerTokenAuthInterceptor(accessToken));
		return client;
	}

	public static String verifier() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	public static String challenge(String verifier) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static Map<String, String> query(String location) {
		Map<String, String> values = new LinkedHashMap<>();
		String query = URI.create(location).getRawQuery();
		if (query != null) {
			for (String pair : query.split("&")) {
				int eq = pair.indexOf('=');
				values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return values;
	}

	static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * A token endpoint answer.
	 */
	public record Tokens(int status, JsonNode json) {

		public String accessToken() {
			return this.json.get("access_token").asString();
		}

		public String refreshToken() {
			return this.json.get("refresh_token").asString();
		}

		public String text(String field) {
			JsonNode node = this.json.get(field);
			return node == null ? null : node.asString();
		}

	}

}
