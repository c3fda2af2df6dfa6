package nz.tiaki.identity;

import java.util.function.Supplier;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Who may register a passkey: a signed-in person whose second-factor check is fresh, or a
 * person whose password just passed and who has no second factor yet (first enrolment).
 * A password alone never adds a factor to an account that already has one.
 */
class PasskeyRegistrationAccess implements AuthorizationManager<RequestAuthorizationContext> {

	private final SecondFactors factors;

	private final AccountSessions sessions;

	PasskeyRegistrationAccess(SecondFactors factors, AccountSessions sessions) {
		this.factors = factors;
		this.sessions = sessions;
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		Authentication who = authentication.get();
		if (who == null || !who.isAuthenticated()) {
			return new AuthorizationDecision(false);
		}
		AccountId id;
		try {
			id = AccountId.parse(who.getName());
		}
		catch (IllegalArgumentException ex) {
			return new AuthorizationDecision(false);
		}
		if (has(who, Authorities.SIGNED_IN)) {
			return new AuthorizationDecision(this.sessions.stepUpFresh(context.getRequest().getSession(false)));
		}
		if (has(who, Authorities.PASSWORD_VERIFIED)) {
			return new AuthorizationDecision(!this.factors.hasAny(id));
		}
		return new AuthorizationDecision(false);
	}

	private static boolean has(Authentication who, String authority) {
		return who.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(authority));
	}

}
