package nz.tiaki.fhir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nz.tiaki.apps.AppAccess;
import nz.tiaki.apps.Apps;
import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;
import nz.tiaki.shared.web.RequestOrigin;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admits a FHIR request only with a live access token: looks it up (as a digest) on every
 * call, so a revoked or expired token stops at once on every node. The capability
 * statement and SMART configuration are public. A refused token gets a 401 with an
 * OperationOutcome and is recorded.
 */
class BearerTokens extends OncePerRequestFilter {

	private final Apps apps;

	private final AuditTrail audit;

	private final SmartConfiguration smart;

	BearerTokens(Apps apps, AuditTrail audit, SmartConfiguration smart) {
		this.apps = apps;
		this.audit = audit;
		this.smart = smart;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (path.equals("/.well-known/smart-configuration") || path.equals("/fhir/.well-known/smart-configuration")) {
			response.setContentType("application/json");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.setHeader("Cache-Control", "max-age=3600");
			response.getWriter().write(this.smart.json());
			return;
		}
		if (path.equals("/fhir/metadata")) {
			chain.doFilter(request, response);
			return;
		}
		String header = request.getHeader("Authorization");
		String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip()
				: null;
		AppAccess access = token == null ? null : this.apps.resolve(token).orElse(null);
		if (access == null) {
			if (token != null) {
				this.audit.record(SecurityEventType.TOKEN_REFUSED, null, "fhir");
			}
			refuse(response, token == null ? "An access token is needed." : "The access token is not valid, "
					+ "has expired or was revoked.", token != null);
			return;
		}
		request.setAttribute(Callers.ATTRIBUTE, access);
		request.setAttribute(RequestOrigin.TOKEN_REF, access.tokenRef());
		chain.doFilter(request, response);
	}

	private static void refuse(HttpServletResponse response, String message, boolean presented) throws IOException {
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setHeader("WWW-Authenticate",
				presented ? "Bearer realm=\"tiaki\", error=\"invalid_token\"" : "Bearer realm=\"tiaki\"");
		response.setContentType("application/fhir+json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter()
			.write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"login\","
					+ "\"diagnostics\":\"" + message + "\"}]}");
	}

}
