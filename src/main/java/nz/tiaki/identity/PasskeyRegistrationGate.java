package nz.tiaki.identity;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies {@link PasskeyRegistrationAccess} to every step of passkey registration,
 * including the options step, which Spring Security serves before its authorization filter.
 * A refused request gets 403 and no ceremony starts.
 */
class PasskeyRegistrationGate extends OncePerRequestFilter {

	private final PasskeyRegistrationAccess access;

	PasskeyRegistrationGate(PasskeyRegistrationAccess access) {
		this.access = access;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return !(path.equals("/webauthn/register") || path.startsWith("/webauthn/register/"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		var decision = this.access.authorize(() -> SecurityContextHolder.getContext().getAuthentication(),
				new RequestAuthorizationContext(request));
		if (decision == null || !decision.isGranted()) {
			response.sendError(HttpServletResponse.SC_FORBIDDEN);
			return;
		}
		chain.doFilter(request, response);
	}

}
