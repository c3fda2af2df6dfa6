package nz.tiaki.identity;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;
import nz.tiaki.shared.web.RequestOrigin;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;

/**
 * Sessions after sign-in: starting the full session once both factors passed, step-up
 * checks, listing an account's sessions and ending them. Sessions live in PostgreSQL, so
 * every node sees the same ones.
 */
@Service
public class AccountSessions {

	static final String SIGNED_IN_AT = "tiaki.signedInAt";

	static final String SECOND_FACTOR_AT = "tiaki.secondFactorAt";

	static final String DEVICE = "tiaki.device";

	static final String PLACE = "tiaki.place";

	/** Where to return after a step-up check. */
	public static final String STEP_UP_NEXT = "tiaki.stepUpNext";

	static final String RESUME_AFTER_SIGN_IN = "tiaki.resumeAfterSignIn";

	private final ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessionStore;

	private final org.springframework.context.ApplicationEventPublisher events;

	private final SecurityContextRepository contexts;

	private final AccountStore accounts;

	private final ObjectProvider<AccountAuthorities> roleSources;

	private final SignInGuard guard;

	private final AuditTrail audit;

	private final IdentitySettings settings;

	private final Clock clock;

	private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

	private final KnownDevices devices;

	private final SignInPlaces places;

	AccountSessions(org.springframework.jdbc.core.simple.JdbcClient jdbc, ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessionStore, SecurityContextRepository contexts,
			AccountStore accounts, ObjectProvider<AccountAuthorities> roleSources, SignInGuard guard, AuditTrail audit,
			IdentitySettings settings, Clock clock, org.springframework.context.ApplicationEventPublisher events,
			KnownDevices devices, SignInPlaces places) {
		this.devices = devices;
		this.places = places;
		this.events = events;
		this.sessionStore = sessionStore;
		this.jdbc = jdbc;
		this.contexts = contexts;
		this.accounts = accounts;
		this.roleSources = roleSources;
		this.guard = guard;
		this.audit = audit;
		this.settings = settings;
		this.clock = clock;
	}

	private FindByIndexNameSessionRepository<? extends Session> sessions() {
		return this.sessionStore.getObject();
	}

	/**
	 * Starts the full session once both factors have passed: a new session id, the account's
	 * roles, a clean failure count. Audited.
	 * @param request the request that passed the second factor
	 * @param response its response
	 * @param id the account
	 * @param method how the second factor was proven (for the audit)
	 * @return where to send the person next
	 */
	public String complete(HttpServletRequest request, HttpServletResponse response, AccountId id, String method) {
		AccountStore.Account account = this.accounts.byId(id)
			.filter(AccountStore.Account::enabled)
			.orElseThrow(() -> new IllegalStateException("Account not available"));
		List<GrantedAuthority> authorities = authoritiesOf(account.holder());
		Instant provenAt = this.clock.instant();
		if (!method.equals("passkey")) {
			authorities.add(org.springframework.security.core.authority.FactorGrantedAuthority
				.withAuthority(org.springframework.security.core.authority.FactorGrantedAuthority.PASSWORD_AUTHORITY)
				.issuedAt(provenAt)
				.build());
		}
		authorities.add(org.springframework.security.core.authority.FactorGrantedAuthority
			.withAuthority(method.equals("passkey")
					? org.springframework.security.core.authority.FactorGrantedAuthority.WEBAUTHN_AUTHORITY
					: "FACTOR_TOTP")
			.issuedAt(provenAt)
			.build());
		Authentication full = UsernamePasswordAuthenticationToken.authenticated(id.toString(), null, authorities);
		HttpSession session = request.getSession();
		String next = (String) session.getAttribute(STEP_UP_NEXT);
		session.removeAttribute(STEP_UP_NEXT);
		String resume = (String) session.getAttribute(RESUME_AFTER_SIGN_IN);
		session.removeAttribute(RESUME_AFTER_SIGN_IN);
		request.changeSessionId();
		session = request.getSession();
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(full);
		SecurityContextHolder.setContext(context);
		this.contexts.saveContext(context, request, response);
		Instant now = this.clock.instant();
		if (next == null || session.getAttribute(SIGNED_IN_AT) == null) {
			session.setAttribute(SIGNED_IN_AT, now);
		}
		session.setAttribute(SECOND_FACTOR_AT, now);
		RequestOrigin origin = RequestOrigin.of(request);
		session.setAttribute(DEVICE, origin.device());
		session.setAttribute(PLACE, origin.coarseAddress()
				+ this.places.countryOf(origin.address()).map(country -> ", " + country).orElse(""));
		this.guard.succeeded(this.guard.accountKey(account.username()));
		this.audit.record(next != null ? SecurityEventType.STEP_UP : SecurityEventType.SIGNED_IN, id.value(), method);
		if (next == null) {
			this.devices.signedIn(id, account.username(), origin, now);
			this.places.signedIn(id, account.username(), origin, now);
		}
		if (next == null && resume != null) {
			next = resume;
		}
		return next != null && next.startsWith("/") && !next.startsWith("//") ? next : homeFor(full);
	}

	/**
	 * Remembers where to go once sign-in is complete, for a page outside the portal's own
	 * flow that asked for it (an app's authorisation request). Only a local path is kept.
	 * @param request the request to come back to
	 */
	public static void resumeAfterSignIn(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (!path.startsWith("/") || path.startsWith("//")) {
			return;
		}
		String query = request.getQueryString();
		request.getSession().setAttribute(RESUME_AFTER_SIGN_IN, query == null ? path : path + "?" + query);
	}

	/**
	 * @return a filter that ends sessions past their idle or absolute lifetime, for any
	 * filter chain that reads the portal's sessions
	 */
	public jakarta.servlet.Filter lifetimeFilter() {
		return new SessionLifetimeFilter(this);
	}

	/**
	 * Starts a session that owes its second factor, for an account just created from an
	 * invitation: the person goes straight on to add one.
	 * @param request the request that created the account
	 * @param response its response
	 * @param id the new account
	 */
	public void passwordSet(HttpServletRequest request, HttpServletResponse response, AccountId id) {
		request.getSession();
		request.changeSessionId();
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(id.toString(), null,
				List.of(new SimpleGrantedAuthority(Authorities.PASSWORD_VERIFIED))));
		SecurityContextHolder.setContext(context);
		this.contexts.saveContext(context, request, response);
	}

	List<GrantedAuthority> authoritiesOf(AccountHolder holder) {
		Set<String> roles = new LinkedHashSet<>();
		for (AccountAuthorities source : this.roleSources.orderedStream().toList()) {
			roles.addAll(source.rolesOf(holder));
		}
		List<GrantedAuthority> authorities = new ArrayList<>();
		authorities.add(new SimpleGrantedAuthority(Authorities.SIGNED_IN));
		roles.forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
		return authorities;
	}

	/**
	 * @param authentication a full sign-in
	 * @return the home page for its roles
	 */
	public static String homeFor(Authentication authentication) {
		if (authentication.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_OPERATOR"))) {
			return "/operator";
		}
		boolean staff = authentication.getAuthorities()
			.stream()
			.anyMatch(a -> a.getAuthority().equals("ROLE_STAFF"));
		return staff ? "/practice" : "/patient";
	}

	/**
	 * @param session a session, or {@code null}
	 * @return when its last second-factor check passed, if ever
	 */
	public static Instant secondFactorAt(HttpSession session) {
		return session == null ? null : (Instant) session.getAttribute(SECOND_FACTOR_AT);
	}

	/**
	 * @param session the current session
	 * @return whether its last second-factor check is recent enough for a sensitive change
	 */
	public boolean stepUpFresh(HttpSession session) {
		if (session == null) {
			return false;
		}
		Instant at = (Instant) session.getAttribute(SECOND_FACTOR_AT);
		return at != null && at.plus(this.settings.stepUpWindow()).isAfter(this.clock.instant());
	}

	/**
	 * @param session a session
	 * @return whether it has outlived the absolute session lifetime
	 */
	boolean outlived(HttpSession session) {
		Instant at = (Instant) session.getAttribute(SIGNED_IN_AT);
		return at != null && at.plus(this.settings.absoluteTimeout()).isBefore(this.clock.instant());
	}

	/**
	 * @param id an account
	 * @param currentSessionId the id of the session asking
	 * @return the account's live sessions, the current first, then most recently seen
	 */
	public List<SessionView> sessionsOf(AccountId id, String currentSessionId) {
		Map<String, ? extends Session> found = sessions().findByPrincipalName(id.toString());
		List<SessionView> views = new ArrayList<>();
		found.forEach((sessionId, session) -> views.add(new SessionView(RequestOrigin.digest(sessionId),
				attribute(session, DEVICE, "Unknown device"), attribute(session, PLACE, "unknown"),
				session.getAttribute(SIGNED_IN_AT), session.getLastAccessedTime(), sessionId.equals(currentSessionId))));
		views.sort(Comparator.comparing(SessionView::current)
			.reversed()
			.thenComparing(SessionView::lastSeen, Comparator.reverseOrder()));
		return views;
	}

	private static String attribute(Session session, String name, String fallback) {
		Object value = session.getAttribute(name);
		return value instanceof String text ? text : fallback;
	}

	/**
	 * Ends one of an account's sessions. Audited.
	 * @param id the owner
	 * @param ref the session's reference from {@link #sessionsOf}
	 * @return whether such a session of this owner existed
	 */
	public boolean revoke(AccountId id, String ref) {
		for (String sessionId : sessions().findByPrincipalName(id.toString()).keySet()) {
			if (RequestOrigin.digest(sessionId).equals(ref)) {
				sessions().deleteById(sessionId);
				this.audit.record(SecurityEventType.SESSION_REVOKED, id.value(), "one");
				return true;
			}
		}
		return false;
	}

	/**
	 * Ends every session of an account, including the asking one if given, and tells the
	 * rest of the portal ({@link SessionsEnded}) so apps acting for it stop too. Audited.
	 * @param id the account
	 * @param current the request whose session should end too, or {@code null}
	 * @param reason why, for the audit
	 */
	public void endAll(AccountId id, HttpServletRequest current, String reason) {
		HttpSession own = current == null ? null : current.getSession(false);
		for (String sessionId : sessions().findByPrincipalName(id.toString()).keySet()) {
			if (own == null || !own.getId().equals(sessionId)) {
				sessions().deleteById(sessionId);
			}
		}
		if (own != null) {
			own.invalidate();
			SecurityContextHolder.clearContext();
		}
		this.audit.record(SecurityEventType.SESSION_REVOKED, id.value(), "all:" + reason);
		this.events.publishEvent(new SessionsEnded(id, reason));
	}

	/**
	 * Ends every live session whose opaque reference is given, whoever owns it: for
	 * containing an incident. Audited.
	 * @param refs session references, as the audit log records them
	 * @return how many sessions were ended
	 */
	public int endByReference(java.util.Set<String> refs) {
		if (refs.isEmpty()) {
			return 0;
		}
		int ended = 0;
		for (String sessionId : this.jdbc.sql("select session_id from spring_session").query(String.class).list()) {
			if (refs.contains(RequestOrigin.digest(sessionId.strip()))) {
				sessions().deleteById(sessionId.strip());
				ended++;
			}
		}
		this.audit.record(SecurityEventType.SESSION_REVOKED, null, "incident:" + ended);
		return ended;
	}

	void expire(HttpServletRequest request, HttpServletResponse response, AccountId id) throws IOException {
		this.audit.record(SecurityEventType.SESSION_EXPIRED, id == null ? null : id.value(), "absolute");
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
		SecurityContextHolder.clearContext();
		response.sendRedirect(request.getContextPath() + "/signin?expired");
	}

}
