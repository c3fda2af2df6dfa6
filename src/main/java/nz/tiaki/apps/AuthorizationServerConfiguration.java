package nz.tiaki.apps;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nz.tiaki.access.Subject;
import nz.tiaki.identity.AccountId;
import nz.tiaki.identity.AccountSessions;
import nz.tiaki.identity.Accounts;
import nz.tiaki.shared.web.WebSettings;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The authorisation server: its endpoints under {@code /oauth2}, OpenID Connect discovery,
 * and the rules that only a patient who has passed both factors reaches the authorisation
 * endpoint — a password alone is sent on to its second factor and back.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AppsSettings.class)
class AuthorizationServerConfiguration {

	/** Where the consent page lives (inside the patient's area). */
	static final String CONSENT_PAGE = "/patient/apps/consent";

	static final String CONTENT_SECURITY_POLICY = nz.tiaki.shared.web.ContentSecurityPolicy.STRICT;

	@Bean
	RegisteredClientRepository registeredClients(JdbcOperations jdbc) {
		return new JdbcRegisteredClientRepository(jdbc);
	}

	@Bean
	OAuth2AuthorizationService authorizations(JdbcOperations jdbc, RegisteredClientRepository clients,
			nz.tiaki.audit.AuditTrail audit) {
		return new DigestedAuthorizations(new JdbcOAuth2AuthorizationService(jdbc, clients), jdbc, audit);
	}

	@Bean
	OAuth2AuthorizationConsentService consents(JdbcOperations jdbc, RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
		return (selector, context) -> selector.select(keys.keys());
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(WebSettings web) {
		return AuthorizationServerSettings.builder().issuer(web.originText()).build();
	}

	/**
	 * Tokens: opaque access tokens, signed ID tokens (with {@code fhirUser}), and refresh
	 * tokens as {@link RefreshTokens} decides.
	 */
	@Bean
	OAuth2TokenGenerator<?> tokenGenerator(JWKSource<SecurityContext> keys,
			OAuth2TokenCustomizer<JwtEncodingContext> fhirUserClaim) {
		JwtGenerator idTokens = new JwtGenerator(new NimbusJwtEncoder(keys));
		idTokens.setJwtCustomizer(fhirUserClaim);
		return new DelegatingOAuth2TokenGenerator(idTokens, new OAuth2AccessTokenGenerator(), new RefreshTokens());
	}

	/**
	 * Adds SMART's {@code fhirUser} to ID tokens: the FHIR Patient the signed-in person is.
	 */
	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> fhirUserClaim(Accounts accounts, WebSettings web) {
		return context -> {
			if (!OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())
					|| !context.getAuthorizedScopes().contains(Apps.FHIR_USER)) {
				return;
			}
			try {
				accounts.subjectOf(AccountId.parse(context.getPrincipal().getName()))
					.filter(subject -> subject.kind() == Subject.Kind.PATIENT)
					.ifPresent(subject -> context.getClaims()
						.claim(Apps.FHIR_USER, web.originText() + "/fhir/Patient/" + subject.id()));
			}
			catch (IllegalArgumentException ex) {
				// not a person's account: no fhirUser
			}
		};
	}

	@Bean
	@Order(1)
	@ConditionalOnWebApplication
	SecurityFilterChain authorizationServer(HttpSecurity http, SecurityContextRepository contexts,
			AccountSessions sessions, Apps apps, RegisteredClientRepository registered) throws Exception {
		PublicClientRefresh publicRefresh = new PublicClientRefresh(registered);
		RequestMatcher[] endpoints = new RequestMatcher[1];
		OAuth2AccessTokenResponseAuthenticationSuccessHandler tokenResponses = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
		tokenResponses.setAccessTokenResponseCustomizer(context -> {
			OAuth2AccessTokenAuthenticationToken issued = context.getAuthentication();
			if (issued == null || !issued.getAccessToken().getScopes().contains(Apps.LAUNCH_PATIENT)) {
				return;
			}
			apps.resolve(issued.getAccessToken().getTokenValue()).filter(access -> access.patient() != null).ifPresent(access -> {
				Map<String, Object> parameters = new HashMap<>(issued.getAdditionalParameters());
				parameters.put("patient", access.patient().value().toString());
				context.getAccessTokenResponse().additionalParameters(parameters);
			});
		});
		http.oauth2AuthorizationServer(server -> {
			endpoints[0] = server.getEndpointsMatcher();
			server.authorizationEndpoint(authorization -> authorization.consentPage(CONSENT_PAGE))
				.tokenEndpoint(token -> token.accessTokenResponseHandler(tokenResponses))
				.clientAuthentication(clients -> clients.authenticationConverter(publicRefresh)
					.authenticationProvider(publicRefresh)
					.authenticationProviders(providers -> providers.forEach(provider -> {
						if (provider instanceof JwtClientAssertionAuthenticationProvider assertions) {
							assertions.setJwtDecoderFactory(new PublicKeys());
						}
					})))
				.oidc(oidc -> {
				});
		});
		http.securityMatcher(request -> endpoints[0].matches(request));
		http.securityContext(context -> context.securityContextRepository(contexts));
		http.authorizeHttpRequests(requests -> requests.requestMatchers("/oauth2/authorize")
			.access((who, context) -> new AuthorizationDecision(has(who.get(), "SIGNED_IN") && has(who.get(), "ROLE_PATIENT")))
			.anyRequest()
			.authenticated());
		http.exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(signInFirst(),
				request -> request.getRequestURI().endsWith("/oauth2/authorize"))
			.accessDeniedHandler(secondFactorFirst()));
		http.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
			.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
			.frameOptions(frames -> frames.deny()));
		http.addFilterAfter(sessions.lifetimeFilter(), SecurityContextHolderFilter.class);
		return http.build();
	}

	private static boolean has(Authentication who, String authority) {
		return who != null && who.isAuthenticated()
				&& who.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(authority));
	}

	private static AuthenticationEntryPoint signInFirst() {
		return (request, response, exception) -> {
			AccountSessions.resumeAfterSignIn(request);
			response.sendRedirect(request.getContextPath() + "/signin");
		};
	}

	private static AccessDeniedHandler secondFactorFirst() {
		return (request, response, denied) -> {
			Authentication who = SecurityContextHolder.getContext().getAuthentication();
			if (has(who, "PASSWORD_VERIFIED")) {
				AccountSessions.resumeAfterSignIn(request);
				response.sendRedirect(request.getContextPath() + "/signin/factor");
				return;
			}
			refuse(response);
		};
	}

	private static void refuse(HttpServletResponse response) throws IOException {
		response.sendError(HttpServletResponse.SC_FORBIDDEN);
	}

	static boolean isAuthorizationRequest(HttpServletRequest request) {
		return request.getRequestURI().endsWith("/oauth2/authorize");
	}

}
