package nz.tiaki.identity;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a session that has outlived the absolute lifetime (12 hours by default), however
 * busy it has been. The idle timeout is the session store's own.
 */
class SessionLifetimeFilter extends OncePerRequestFilter {

	private final AccountSessions sessions;

	SessionLifetimeFilter(AccountSessions sessions) {
		this.sessions = sessions;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		if (session != null && this.sessions.outlived(session)) {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			AccountId id = null;
			if (authentication != null) {
				try {
					id = AccountId.parse(authentication.getName());
				}
				catch (IllegalArgumentException ex) {
					id = null;
				}
			}
			this.sessions.expire(request, response, id);
			return;
		}
		chain.doFilter(request, response);
	}

}
