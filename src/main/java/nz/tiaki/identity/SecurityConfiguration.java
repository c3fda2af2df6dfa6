package nz.tiaki.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;
import nz.tiaki.shared.web.WebSettings;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.web.access.IpAddressAuthorizationManager;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;

/**
 * The web security of the whole portal: default deny; a password alone opens only the
 * second-factor and enrolment pages; roles arrive only with the second factor; strict
 * headers on every response.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SecurityConfiguration {

	static final String CONTENT_SECURITY_POLICY = nz.tiaki.shared.web.ContentSecurityPolicy.STRICT;

	/**
	 * Metrics carry no patient data, but they tell how busy the portal is and how often the
	 * guard acted: only the configured scrapers' addresses may read them.
	 */
	private static AuthorizationManager<RequestAuthorizationContext> metricsReaders(WebSettings web) {
		return fromAnyOf(web.metricsFrom());
	}

	@SuppressWarnings("unchecked")
	private static AuthorizationManager<RequestAuthorizationContext> fromAnyOf(java.util.List<String> addresses) {
		return AuthorizationManagers.anyOf(addresses.stream()
			.map(IpAddressAuthorizationManager::hasIpAddress)
			.toArray(AuthorizationManager[]::new));
	}

	/**
	 * The operator console reaches across practices (alerts, incidents, containment), so it
	 * needs a full sign-in by an operator and a connection from an operators' address.
	 */
	private static AuthorizationManager<RequestAuthorizationContext> operators(WebSettings web) {
		AuthorizationManager<RequestAuthorizationContext> place = fromAnyOf(web.operatorsFrom());
		return (who, context) -> new AuthorizationDecision(has(who.get(), Authorities.SIGNED_IN)
				&& has(who.get(), "ROLE_OPERATOR") && place.authorize(who, context).isGranted());
	}

	@Bean
	SecurityFilterChain portal(HttpSecurity http, PasswordSignIn passwordSignIn, SecurityContextRepository contexts,
			AccountStore accounts, AccountSessions sessions, SecondFactors factors, SignInGuard guard, AuditTrail audit,
			WebSettings web, java.util.List<SignInBlocks> blocks) throws Exception {
		PasskeyRegistrationAccess registrationAccess = new PasskeyRegistrationAccess(factors, sessions);
		http.setSharedObject(UserDetailsService.class, new PasskeyAccounts(accounts, sessions, guard, blocks));
		http.authenticationManager(new ProviderManager(passwordSignIn));
		http.securityContext(context -> context.securityContextRepository(contexts));
		http.authorizeHttpRequests(requests -> requests
			.requestMatchers("/", "/signin", "/invitation", "/invitation/**", "/breach-status", "/css/**", "/js/**", "/images/**",
					"/favicon.ico", "/error", "/actuator/health", "/actuator/health/**")
			.permitAll()
			.requestMatchers("/webauthn/authenticate/options", "/login/webauthn")
			.permitAll()
			.requestMatchers("/webauthn/register/**")
			.access(registrationAccess)
			.requestMatchers("/signin/factor", "/signin/factor/**", "/enrol", "/enrol/**")
			.hasAuthority(Authorities.PASSWORD_VERIFIED)
			.requestMatchers("/account/**")
			.hasAuthority(Authorities.SIGNED_IN)
			.requestMatchers("/patient", "/patient/**")
			.access((who, context) -> new org.springframework.security.authorization.AuthorizationDecision(
					has(who.get(), Authorities.SIGNED_IN) && has(who.get(), "ROLE_PATIENT")))
			.requestMatchers("/practice/staff", "/practice/staff/**", "/practice/alerts", "/practice/alerts/**",
					"/practice/retention")
			.access((who, context) -> new org.springframework.security.authorization.AuthorizationDecision(
					has(who.get(), Authorities.SIGNED_IN) && has(who.get(), "ROLE_PRACTICE_ADMIN")))
			.requestMatchers("/practice", "/practice/**")
			.access((who, context) -> new org.springframework.security.authorization.AuthorizationDecision(
					has(who.get(), Authorities.SIGNED_IN) && has(who.get(), "ROLE_STAFF")))
			.requestMatchers("/operator", "/operator/**")
			.access(operators(web))
			.requestMatchers("/actuator/prometheus")
			.access(metricsReaders(web))
			.anyRequest()
			.denyAll());
		http.formLogin(form -> form.loginPage("/signin")
			.loginProcessingUrl("/signin")
			.usernameParameter("username")
			.passwordParameter("password")
			.successHandler(passwordAccepted(factors))
			.failureHandler(passwordRefused()));
		http.webAuthn(passkeys -> passkeys.rpId(web.origin().getHost())
			.rpName("Tiaki")
			.allowedOrigins(web.originText())
			.disableDefaultRegistrationPage(true)
			.creationOptionsRepository(new SessionCreationOptions())
			.withObjectPostProcessor(new ObjectPostProcessor<WebAuthnAuthenticationFilter>() {
				@Override
				public <O extends WebAuthnAuthenticationFilter> O postProcess(O filter) {
					filter.setAuthenticationSuccessHandler(passkeyAccepted(sessions));
					filter.setAuthenticationFailureHandler(passkeyRefused(guard, audit));
					return filter;
				}
			}));
		http.logout(logout -> logout.logoutUrl("/signout")
			.addLogoutHandler(signedOut(audit))
			.logoutSuccessUrl("/signin?signedout"));
		http.exceptionHandling(exceptions -> exceptions.accessDeniedHandler(secondFactorFirst()));
		http.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
			.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
			.frameOptions(frames -> frames.deny()));
		http.addFilterAfter(new SessionLifetimeFilter(sessions), SecurityContextHolderFilter.class);
		http.addFilterAfter(new PasskeyRegistrationGate(registrationAccess), SessionLifetimeFilter.class);
		return http.build();
	}

	private static boolean has(Authentication who, String authority) {
		return who != null && who.isAuthenticated()
				&& who.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(authority));
	}

	private static AuthenticationSuccessHandler passwordAccepted(SecondFactors factors) {
		return (request, response, authentication) -> {
			AccountId id = AccountId.parse(authentication.getName());
			response.sendRedirect(request.getContextPath() + (factors.hasAny(id) ? "/signin/factor" : "/enrol"));
		};
	}

	private static AuthenticationFailureHandler passwordRefused() {
		return (request, response, exception) -> {
			String outcome = exception instanceof PasswordSignIn.SignInThrottled ? "paused" : "error";
			response.sendRedirect(request.getContextPath() + "/signin?" + outcome);
		};
	}

	private static AuthenticationSuccessHandler passkeyAccepted(AccountSessions sessions) {
		return (request, response, authentication) -> {
			String next = sessions.complete(request, response, AccountId.parse(authentication.getName()), "passkey");
			writeJson(response, HttpServletResponse.SC_OK,
					"{\"authenticated\":true,\"redirectUrl\":\"" + request.getContextPath() + next + "\"}");
		};
	}

	private static AuthenticationFailureHandler passkeyRefused(SignInGuard guard, AuditTrail audit) {
		return (request, response, exception) -> {
			audit.record(SecurityEventType.SIGN_IN_FAILED, null, "passkey");
			guard.failed("passkey:" + request.getRemoteAddr(), null);
			writeJson(response, HttpServletResponse.SC_UNAUTHORIZED, "{\"authenticated\":false}");
		};
	}

	private static void writeJson(HttpServletResponse response, int status, String body) throws IOException {
		response.setStatus(status);
		response.setContentType("application/json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(body);
	}

	private static LogoutHandler signedOut(AuditTrail audit) {
		return (request, response, authentication) -> {
			if (authentication != null) {
				try {
					audit.record(SecurityEventType.SIGNED_OUT, AccountId.parse(authentication.getName()).value(), null);
				}
				catch (IllegalArgumentException ex) {
					audit.record(SecurityEventType.SIGNED_OUT, null, null);
				}
			}
		};
	}

	private static AccessDeniedHandler secondFactorFirst() {
		return (request, response, denied) -> {
			Authentication who = org.springframework.security.core.context.SecurityContextHolder.getContext()
				.getAuthentication();
			if (has(who, Authorities.PASSWORD_VERIFIED)) {
				response.sendRedirect(request.getContextPath() + "/signin/factor");
				return;
			}
			response.sendError(HttpServletResponse.SC_FORBIDDEN);
		};
	}

}
