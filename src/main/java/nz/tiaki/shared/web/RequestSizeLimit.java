package nz.tiaki.shared.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies larger than the portal ever needs before anything reads them: 64 KiB
 * for pages and JSON, 25 MiB for what a practice system posts to the FHIR API. A body sent
 * without a declared length (chunked) is read up to the limit first and refused the moment
 * it passes it. Uploads (multipart), which need more, declare their own limits where they
 * arrive.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimit extends OncePerRequestFilter {

	static final long MAX_BODY = 64 * 1024;

	static final long MAX_FHIR_BODY = 25L * 1024 * 1024;

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String type = request.getContentType();
		boolean multipart = type != null && type.toLowerCase().startsWith("multipart/");
		if (multipart) {
			chain.doFilter(request, response);
			return;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		long limit = path.equals("/fhir") || path.startsWith("/fhir/") ? MAX_FHIR_BODY : MAX_BODY;
		long length = request.getContentLengthLong();
		if (length > limit) {
			response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
			return;
		}
		if (length < 0 && request.getHeader("Transfer-Encoding") != null) {
			byte[] body = readUpTo(request.getInputStream(), limit);
			if (body == null) {
				response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
				return;
			}
			chain.doFilter(new ReadBody(request, body), response);
			return;
		}
		chain.doFilter(request, response);
	}

	/**
	 * @return the body, or {@code null} when it is longer than the limit
	 */
	private static byte[] readUpTo(InputStream in, long limit) throws IOException {
		byte[] body = in.readNBytes((int) limit + 1);
		return body.length > limit ? null : body;
	}

	/**
	 * A request whose body has already been read (and measured).
	 */
	private static final class ReadBody extends HttpServletRequestWrapper {

		private final byte[] body;

		ReadBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {
				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body was read already");
				}
			};
		}

		@Override
		public BufferedReader getReader() {
			String encoding = getCharacterEncoding();
			Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

}
