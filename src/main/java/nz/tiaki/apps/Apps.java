package nz.tiaki.apps;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import nz.tiaki.access.AppRelations;
import nz.tiaki.access.Subject;
import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;
import nz.tiaki.clinics.Practices;
import nz.tiaki.identity.AccountId;
import nz.tiaki.identity.Accounts;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;
import nz.tiaki.shared.web.RequestOrigin;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registered apps and the grants people and practices have given them. Resolves a presented
 * access token to what it stands for, checking on every call that the grant is live, the app
 * still registered and the person's account still enabled.
 */
@Service
public class Apps implements AppRelations, nz.tiaki.access.SubjectPractices {

	/** The resource types a token's clinical scopes can name. */
	public static final List<String> RESOURCE_TYPES = List.of("Patient", "Condition", "MedicationStatement",
			"AllergyIntolerance", "Immunization", "Observation", "DocumentReference", "AuditEvent", "Organization",
			"Practitioner", "PractitionerRole", "Appointment", "Slot", "MedicationRequest",
			"Communication", "Consent");

	/** Scopes with meaning beyond clinical data. */
	public static final String LAUNCH_PATIENT = "launch/patient";

	static final String FHIR_USER = "fhirUser";

	static final String OFFLINE_ACCESS = "offline_access";

	static final String PUBLIC_KEY_SETTING = "settings.client.tiaki.public-jwk";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final RegisteredClientRepository clients;

	private final OAuth2AuthorizationService authorizations;

	private final JdbcClient jdbc;

	private final Accounts accounts;

	private final Practices practices;

	private final AuditTrail audit;

	private final AppsSettings settings;

	private final Clock clock;

	Apps(RegisteredClientRepository clients, OAuth2AuthorizationService authorizations, JdbcClient jdbc,
			Accounts accounts, Practices practices, AuditTrail audit, AppsSettings settings, Clock clock) {
		this.clients = clients;
		this.authorizations = authorizations;
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.practices = practices;
		this.audit = audit;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Registers an app patients can connect (the mobile app, a third party): a public client
	 * that must use PKCE, asks the patient's consent, and may ask only for the patient's own
	 * data, read-only.
	 * @param name what patients see on the consent page
	 * @param redirectUris where codes may be sent (exact match)
	 * @return the client id
	 */
	@Transactional
	public String registerPatientApp(String name, List<String> redirectUris) {
		String clientId = "app-" + random(12);
		Set<String> scopes = new LinkedHashSet<>(List.of(OidcScopes.OPENID, FHIR_USER, LAUNCH_PATIENT, OFFLINE_ACCESS));
		scopes.addAll(clinicalScopes("patient"));
		RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(clientId)
			.clientIdIssuedAt(this.clock.instant())
			.clientName(checkedName(name))
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.redirectUris(uris -> uris.addAll(redirectUris))
			.scopes(given -> given.addAll(scopes))
			.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(true).build())
			.tokenSettings(tokens(true))
			.build();
		this.clients.save(client);
		this.audit.record(SecurityEventType.APP_REGISTERED, null, "patient-app:" + clientId);
		return clientId;
	}

	/**
	 * Registers a practice's own system (its PMS): a confidential client that signs in with
	 * a private key (RFC 7523 client assertion) and reaches only that practice's enrolled
	 * patients.
	 * @param practice whose system
	 * @param name its name
	 * @param publicJwk the public half of its key, as a JSON Web Key (RSA or EC)
	 * @return the client id
	 * @throws IllegalArgumentException when the key is not a public JSON Web Key
	 */
	@Transactional
	public String registerPracticeSystem(PracticeId practice, String name, String publicJwk) {
		SignatureAlgorithm algorithm = PublicKeys.algorithmOf(PublicKeys.parse(publicJwk));
		try {
			this.practices.name(practice);
		}
		catch (nz.tiaki.clinics.NotFound ex) {
			throw new IllegalArgumentException("No practice has that id.");
		}
		String clientId = "system-" + random(12);
		RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(clientId)
			.clientIdIssuedAt(this.clock.instant())
			.clientName(checkedName(name))
			.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scopes(given -> {
				given.addAll(clinicalScopes("system"));
				given.addAll(writeScopes());
			})
			.clientSettings(ClientSettings.builder()
				.tokenEndpointAuthenticationSigningAlgorithm(algorithm)
				.setting(PUBLIC_KEY_SETTING, publicJwk)
				.build())
			.tokenSettings(tokens(false))
			.build();
		this.clients.save(client);
		this.jdbc.sql("insert into app_practice (client_id, practice_id) values (:client, :practice)")
			.param("client", clientId)
			.param("practice", practice.value())
			.update();
		this.audit.record(SecurityEventType.APP_REGISTERED, null, "practice-system:" + clientId);
		return clientId;
	}

	private TokenSettings tokens(boolean refresh) {
		TokenSettings.Builder builder = TokenSettings.builder()
			.accessTokenFormat(OAuth2TokenFormat.REFERENCE)
			.accessTokenTimeToLive(this.settings.accessTokenLifetime())
			.authorizationCodeTimeToLive(this.settings.codeLifetime())
			.reuseRefreshTokens(false);
		if (refresh) {
			builder.refreshTokenTimeToLive(this.settings.refreshTokenLifetime());
		}
		return builder.build();
	}

	private static Set<String> clinicalScopes(String context) {
		Set<String> scopes = new LinkedHashSet<>();
		List<String> types = new ArrayList<>(RESOURCE_TYPES);
		types.add(0, "*");
		for (String type : types) {
			for (String permissions : List.of("rs", "r", "s", "read")) {
				scopes.add(context + "/" + type + "." + permissions);
			}
		}
		return scopes;
	}

	private static Set<String> writeScopes() {
		Set<String> scopes = new LinkedHashSet<>();
		List<String> types = new ArrayList<>(List.of("*", "Patient", "Condition", "MedicationStatement",
				"AllergyIntolerance", "Immunization", "Observation", "DocumentReference"));
		for (String type : types) {
			for (String permissions : List.of("c", "cu", "cruds", "write")) {
				scopes.add("system/" + type + "." + permissions);
			}
		}
		return scopes;
	}

	private static String checkedName(String name) {
		String clean = name == null ? "" : name.strip();
		if (clean.isEmpty() || clean.length() > 100 || !clean.matches("[\\p{L}\\p{N} .,'&()-]+")) {
			throw new IllegalArgumentException("An app needs a plain name of at most 100 characters.");
		}
		return clean;
	}

	private static String random(int bytes) {
		byte[] value = new byte[bytes];
		RANDOM.nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

	/**
	 * @param bearer an access token as presented
	 * @return what it stands for, when it is live and everything behind it still stands
	 */
	@Transactional(readOnly = true)
	public Optional<AppAccess> resolve(String bearer) {
		if (bearer == null || bearer.isBlank() || bearer.length() > 512) {
			return Optional.empty();
		}
		OAuth2Authorization authorization = this.authorizations.findByToken(bearer, OAuth2TokenType.ACCESS_TOKEN);
		if (authorization == null || authorization.getAccessToken() == null
				|| !authorization.getAccessToken().isActive()) {
			return Optional.empty();
		}
		RegisteredClient client = this.clients.findById(authorization.getRegisteredClientId());
		if (client == null) {
			return Optional.empty();
		}
		Set<String> scopes = authorization.getAccessToken().getToken().getScopes();
		String tokenRef = "app:" + RequestOrigin.digest(authorization.getId());
		if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType())) {
			if (practiceOf(client.getClientId()).isEmpty()) {
				return Optional.empty();
			}
			Subject system = new Subject(Subject.Kind.APP, UUID.fromString(client.getId()), null);
			return Optional.of(new AppAccess(client.getClientId(), client.getClientName(), system, null, scopes, tokenRef));
		}
		AccountId account;
		try {
			account = AccountId.parse(authorization.getPrincipalName());
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		return this.accounts.subjectOf(account)
			.filter(subject -> subject.kind() == Subject.Kind.PATIENT)
			.map(subject -> new AppAccess(client.getClientId(), client.getClientName(), subject,
					new PatientId(subject.id()), scopes, tokenRef));
	}

	/**
	 * @param clientId a registered client
	 * @return its name, if it is registered
	 */
	@Transactional(readOnly = true)
	public Optional<String> nameOf(String clientId) {
		return Optional.ofNullable(this.clients.findByClientId(clientId)).map(RegisteredClient::getClientName);
	}

	/**
	 * @param clientId a registered client
	 * @return the sources its redirect URIs lead to, as a content security policy names
	 * them (an origin, or a scheme for an app's own URI scheme)
	 */
	@Transactional(readOnly = true)
	public List<String> redirectSources(String clientId) {
		RegisteredClient client = this.clients.findByClientId(clientId);
		if (client == null) {
			return List.of();
		}
		List<String> sources = new ArrayList<>();
		for (String uri : client.getRedirectUris()) {
			java.net.URI parsed = java.net.URI.create(uri);
			String scheme = parsed.getScheme().toLowerCase(java.util.Locale.ROOT);
			String source = scheme.equals("http") || scheme.equals("https")
					? scheme + "://" + parsed.getHost() + (parsed.getPort() > 0 ? ":" + parsed.getPort() : "")
					: scheme + ":";
			if (source.matches("[a-z0-9.+:/\\-\\[\\]]+") && !sources.contains(source)) {
				sources.add(source);
			}
		}
		return sources;
	}

	/**
	 * @param account a person's account
	 * @return the apps they have approved that can still reach their data
	 */
	@Transactional(readOnly = true)
	public List<ConnectedApp> connected(AccountId account) {
		Timestamp now = Timestamp.from(this.clock.instant());
		return this.jdbc.sql("""
				select c.client_id, c.client_name, min(a.access_token_issued_at) as since,
				  string_agg(a.authorized_scopes, ',') as scopes
				from oauth2_authorization a join oauth2_registered_client c on c.id = a.registered_client_id
				where a.principal_name = :account
				  and (a.access_token_expires_at > :now or a.refresh_token_expires_at > :now)
				group by c.client_id, c.client_name
				order by since
				""")
			.param("account", account.toString())
			.param("now", now)
			.query((rs, n) -> new ConnectedApp(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
					Set.of(rs.getString(4).split(","))))
			.list();
	}

	/**
	 * Withdraws an app's access to a person's data at once: every token it holds stops
	 * working and it must ask again. Audited.
	 * @param account the person's account
	 * @param clientId the app
	 * @return whether the app had access
	 */
	@Transactional
	public boolean disconnect(AccountId account, String clientId) {
		RegisteredClient client = this.clients.findByClientId(clientId);
		if (client == null) {
			return false;
		}
		int removed = this.jdbc
			.sql("delete from oauth2_authorization where principal_name = :account and registered_client_id = :client")
			.param("account", account.toString())
			.param("client", client.getId())
			.update();
		this.jdbc.sql("delete from oauth2_authorization_consent where principal_name = :account and registered_client_id = :client")
			.param("account", account.toString())
			.param("client", client.getId())
			.update();
		if (removed > 0) {
			this.audit.record(SecurityEventType.APP_DISCONNECTED, account.value(), "app:" + clientId);
		}
		return removed > 0;
	}

	/**
	 * Withdraws every app's access to a person's data: after a password change, a factor
	 * removal or an incident. Audited.
	 * @param account the person's account
	 * @param reason why, for the audit
	 * @return how many grants ended
	 */
	@Transactional
	public int disconnectAll(AccountId account, String reason) {
		int removed = this.jdbc.sql("delete from oauth2_authorization where principal_name = :account")
			.param("account", account.toString())
			.update();
		if (removed > 0) {
			this.audit.record(SecurityEventType.APP_DISCONNECTED, account.value(), "all:" + reason);
		}
		return removed;
	}

	/**
	 * Ends a practice's own systems for good (the practice leaving the portal): their grants
	 * end and they are unregistered, so no token can be had again.
	 * @param practice the practice
	 * @return the client ids of the systems ended
	 */
	@Transactional
	public List<String> endPracticeSystems(PracticeId practice) {
		List<String> ended = this.jdbc.sql("select client_id from app_practice where practice_id = :p")
			.param("p", practice.value())
			.query(String.class)
			.list();
		for (String clientId : ended) {
			this.jdbc.sql("""
					delete from oauth2_authorization where registered_client_id in
					  (select id from oauth2_registered_client where client_id = :c)
					""").param("c", clientId).update();
			this.jdbc.sql("""
					delete from oauth2_authorization_consent where registered_client_id in
					  (select id from oauth2_registered_client where client_id = :c)
					""").param("c", clientId).update();
			this.jdbc.sql("delete from app_practice where client_id = :c").param("c", clientId).update();
			this.jdbc.sql("delete from oauth2_registered_client where client_id = :c").param("c", clientId).update();
			this.audit.record(SecurityEventType.APP_DISCONNECTED, null, "practice-left:" + clientId);
		}
		return ended;
	}

	/**
	 * When every session of an account ends, so does every app's access to it — in a
	 * transaction of its own, since a lock is often decided inside a read-only one.
	 * @param ended the event
	 */
	@org.springframework.context.event.EventListener
	@Transactional(propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
	public void sessionsEnded(nz.tiaki.identity.SessionsEnded ended) {
		disconnectAll(ended.account(), ended.reason());
	}

	/**
	 * Ends every grant whose audit reference is given: for containing an incident.
	 * @param tokenRefs grant references, as the audit log records them
	 * @return how many grants ended
	 */
	@Transactional
	public int endByReference(Set<String> tokenRefs) {
		int ended = 0;
		for (String id : this.jdbc.sql("select id from oauth2_authorization").query(String.class).list()) {
			if (tokenRefs.contains("app:" + RequestOrigin.digest(id))) {
				ended += this.jdbc.sql("delete from oauth2_authorization where id = :id").param("id", id).update();
			}
		}
		if (ended > 0) {
			this.audit.record(SecurityEventType.APP_DISCONNECTED, null, "incident:" + ended);
		}
		return ended;
	}

	@Override
	@Transactional(readOnly = true)
	public boolean serves(UUID appId, PatientId patient) {
		RegisteredClient client = this.clients.findById(appId.toString());
		if (client == null) {
			return false;
		}
		return practiceOf(client.getClientId()).map(practice -> this.practices.practicesOf(patient).contains(practice))
			.orElse(false);
	}

	/**
	 * @param appId a registered system app, as the gate knows it
	 * @return its practice, if it is a practice's system
	 */
	@Transactional(readOnly = true)
	public Optional<PracticeId> practiceOfSystem(UUID appId) {
		RegisteredClient client = this.clients.findById(appId.toString());
		return client == null ? Optional.empty() : practiceOf(client.getClientId());
	}

	@Override
	public Optional<PracticeId> practiceOf(nz.tiaki.access.Subject author, nz.tiaki.shared.ids.PatientId patient) {
		return author.kind() == nz.tiaki.access.Subject.Kind.APP ? practiceOfSystem(author.id()) : Optional.empty();
	}

	/**
	 * @param clientId a practice system's client id
	 * @return its practice
	 */
	@Transactional(readOnly = true)
	public Optional<PracticeId> practiceOf(String clientId) {
		return this.jdbc.sql("select practice_id from app_practice where client_id = :client")
			.param("client", clientId)
			.query(UUID.class)
			.optional()
			.map(PracticeId::new);
	}

}
