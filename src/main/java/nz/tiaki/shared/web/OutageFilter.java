package nz.tiaki.shared.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When PostgreSQL cannot be reached, answers "unavailable for a moment" (503) itself,
 * outside everything that needs the database — sessions, sign-in, the usual error pages — so
 * people see a plain page and API clients an RFC 9457 problem, never a stack trace. Nothing
 * was written: the failed request's transaction never began or was rolled back. The
 * portal recovers by itself as soon as connections can be had again.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class OutageFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(OutageFilter.class);

	private final byte[] page;

	OutageFilter() throws IOException {
		try (InputStream in = OutageFilter.class.getResourceAsStream("/static/unavailable.html")) {
			this.page = in == null ? "Tiaki is unavailable for a moment. Try again in a few minutes."
				.getBytes(StandardCharsets.UTF_8) : in.readAllBytes();
		}
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | IOException | RuntimeException ex) {
			if (!DatabaseOutage.caused(ex) || response.isCommitted()) {
				throw ex;
			}
			if ("busy".equals(DatabaseOutage.kind(ex))) {
				log.warn("Every database connection was in use until the wait ran out: answered 503 ({})",
						ex.getClass().getSimpleName());
			}
			else {
				log.warn("Database unreachable: answered 503 ({})", ex.getClass().getSimpleName());
			}
			response.reset();
			response.setStatus(503);
			response.setHeader("Retry-After", "30");
			response.setHeader("Cache-Control", "no-store");
			String accept = request.getHeader("Accept");
			if (accept != null && (accept.contains("json") || accept.contains("fhir")) && !accept.contains("text/html")) {
				response.setContentType("application/problem+json");
				response.getOutputStream().write(("{\"type\":\"" + ErrorPages.TYPE_BASE + "unavailable\","
						+ "\"title\":\"Tiaki is unavailable for a moment\",\"status\":503,"
						+ "\"detail\":\"Nothing you sent was saved. Try again in a few minutes.\"}")
					.getBytes(StandardCharsets.UTF_8));
			}
			else {
				response.setContentType("text/html;charset=UTF-8");
				response.getOutputStream().write(this.page);
			}
		}
	}

}
