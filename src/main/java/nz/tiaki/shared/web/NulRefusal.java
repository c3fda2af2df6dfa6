package nz.tiaki.shared.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, as a bad request, any form field or query parameter holding a NUL character. No
 * one types one; it only ever arrives to break a parser or a database string, and
 * PostgreSQL cannot store it in text at all.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class NulRefusal extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Map<String, String[]> parameters;
		try {
			parameters = request.getParameterMap();
		}
		catch (IllegalStateException ex) {
			// a multipart body over its limit: answered where uploads arrive
			chain.doFilter(request, response);
			return;
		}
		for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
			if (parameter.getKey().indexOf('\u0000') >= 0) {
				response.sendError(HttpServletResponse.SC_BAD_REQUEST);
				return;
			}
			for (String value : parameter.getValue()) {
				if (value != null && value.indexOf('\u0000') >= 0) {
					response.sendError(HttpServletResponse.SC_BAD_REQUEST);
					return;
				}
			}
		}
		chain.doFilter(request, response);
	}

}
