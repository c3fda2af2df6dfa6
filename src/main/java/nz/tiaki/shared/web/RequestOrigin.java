package nz.tiaki.shared.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Where the current request came from: address, device and an opaque reference to its
 * session. Session ids are bearer secrets, so only a digest of one ever leaves here.
 *
 * @param address the client address, or {@code null} outside a request
 * @param userAgent the client's user agent, cut to a sane length, or {@code null}
 * @param sessionRef a digest of the session id, or {@code null} without a session
 */
public record RequestOrigin(String address, String userAgent, String sessionRef) {

	private static final RequestOrigin NONE = new RequestOrigin(null, null, null);

	/**
	 * The request attribute under which a request authenticated by an app's token carries
	 * the opaque reference of that token's grant, which then stands in for the session.
	 */
	public static final String TOKEN_REF = "nz.tiaki.tokenRef";

	/**
	 * @return the origin of the request bound to this thread, or an empty origin
	 */
	public static RequestOrigin current() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			return of(attributes.getRequest());
		}
		return NONE;
	}

	/**
	 * @param request the request
	 * @return where it came from
	 */
	public static RequestOrigin of(HttpServletRequest request) {
		String agent = request.getHeader("User-Agent");
		if (agent != null && agent.length() > 300) {
			agent = agent.substring(0, 300);
		}
		if (request.getAttribute(TOKEN_REF) instanceof String tokenRef) {
			return new RequestOrigin(request.getRemoteAddr(), agent, tokenRef);
		}
		HttpSession session = request.getSession(false);
		return new RequestOrigin(request.getRemoteAddr(), agent, session != null ? digestOf(request, session.getId()) : null);
	}

	/** The request attribute keeping the digest of the request's session id, with the id it is of. */
	private static final String DIGESTED = RequestOrigin.class.getName() + ".digested";

	/** A session id's digest, kept for the rest of the request. */
	private record Digested(String sessionId, String digest) {

		@Override
		public String toString() {
			return "Digested[" + this.digest + "]";
		}

	}

	/**
	 * The digest of the request's session id, worked out once a request: a download asks for
	 * its origin three times (the guard's check, the decision's record, the guard's count).
	 * Kept with the id it is of, so a session whose id changes mid-request (at sign-in) is
	 * digested afresh.
	 */
	private static String digestOf(HttpServletRequest request, String sessionId) {
		if (request.getAttribute(DIGESTED) instanceof Digested kept && kept.sessionId().equals(sessionId)) {
			return kept.digest();
		}
		String digest = digest(sessionId);
		request.setAttribute(DIGESTED, new Digested(sessionId, digest));
		return digest;
	}

	/**
	 * @param sessionId a session id
	 * @return the opaque reference by which logs, audit and pages may name that session
	 */
	public static String digest(String sessionId) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @return the address made coarse enough to show a person: the network, not the host
	 */
	public String coarseAddress() {
		if (this.address == null) {
			return "unknown";
		}
		if (this.address.equals("127.0.0.1") || this.address.equals("0:0:0:0:0:0:0:1") || this.address.equals("::1")) {
			return "this computer";
		}
		int lastDot = this.address.lastIndexOf('.');
		if (lastDot > 0 && this.address.indexOf(':') < 0) {
			return this.address.substring(0, lastDot) + ".x";
		}
		String[] groups = this.address.split(":");
		if (groups.length > 3) {
			return String.join(":", groups[0], groups[1], groups[2]) + "::/48";
		}
		return "unknown";
	}

	/**
	 * @return a short description of the device, from the user agent
	 */
	public String device() {
		if (this.userAgent == null) {
			return "Unknown device";
		}
		String agent = this.userAgent.toLowerCase(Locale.ROOT);
		String browser = agent.contains("edg/") ? "Edge"
				: agent.contains("firefox/") ? "Firefox"
						: agent.contains("chrome/") || agent.contains("chromium/") ? "Chrome"
								: agent.contains("safari/") ? "Safari" : "Browser";
		String system = agent.contains("android") ? "Android"
				: agent.contains("iphone") || agent.contains("ipad") ? "iOS"
						: agent.contains("windows") ? "Windows"
								: agent.contains("mac os") ? "macOS" : agent.contains("linux") ? "Linux" : "unknown system";
		return browser + " on " + system;
	}

}
