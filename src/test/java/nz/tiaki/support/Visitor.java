package nz.tiaki.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Someone using the portal over real HTTP: keeps cookies, never follows redirects, reads
 * CSRF tokens from the pages it fetches.
 */
public final class Visitor {

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

	private final String origin;

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private CookieManager sharedCookies;

	private final HttpClient client;

	private String forwardedFor;

	private String userAgent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36";

	public Visitor(String origin) {
		this.origin = origin;
		this.client = HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	private Visitor(String origin, CookieManager cookies, HttpClient client, String userAgent) {
		this.origin = origin;
		this.client = client;
		this.userAgent = userAgent;
		this.sharedCookies = cookies;
	}

	/**
	 * The same person, with the same cookies, talking to another node.
	 */
	public Visitor at(String otherOrigin) {
		CookieManager shared = this.sharedCookies != null ? this.sharedCookies : this.cookies;
		return new Visitor(otherOrigin, shared, HttpClient.newBuilder()
			.cookieHandler(new java.net.CookieHandler() {
				@Override
				public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) throws IOException {
					return shared.get(URI.create(Visitor.this.origin + uri.getRawPath()), headers);
				}

				@Override
				public void put(URI uri, Map<String, List<String>> headers) throws IOException {
					shared.put(URI.create(Visitor.this.origin + uri.getRawPath()), headers);
				}
			})
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build(), this.userAgent);
	}

	public Visitor as(String userAgent) {
		this.userAgent = userAgent;
		return this;
	}

	/**
	 * Every request from here on says it was forwarded for this client address (believed
	 * only when it arrives through {@link TrustedProxy}).
	 */
	public Visitor from(String clientAddress) {
		this.forwardedFor = clientAddress;
		return this;
	}

	public Page get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET().header("Accept", "text/html"));
	}

	public Page getJson(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET().header("Accept", "application/json"));
	}

	/**
	 * Fetches the page a form is on, then posts the form with that page's CSRF token.
	 */
	public Page submit(String formPage, String action, Map<String, String> fields) {
		Page page = get(formPage);
		String token = page.csrf().orElseThrow(() -> new AssertionError("No CSRF token on " + formPage + " ("
				+ page.status() + " " + page.location() + ")"));
		Map<String, String> all = new LinkedHashMap<>(fields);
		all.put("_csrf", token);
		return postForm(action, all);
	}

	public Page postForm(String action, Map<String, String> fields) {
		return send(HttpRequest.newBuilder(uri(action))
			.POST(HttpRequest.BodyPublishers.ofString(formBody(fields)))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html"));
	}

	public Page send(HttpRequest.Builder request) {
		try {
			if (this.forwardedFor != null) {
				request.header("X-Forwarded-For", this.forwardedFor);
			}
			HttpResponse<String> response = this.client.send(request.header("User-Agent", this.userAgent).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Page(response.statusCode(), response.headers().firstValue("Location").orElse(null),
					response.body(), response.headers());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public Page signIn(String username, String password) {
		return submit("/signin", "/signin", Map.of("username", username, "password", password));
	}

	public Page secondFactor(String code) {
		return submit("/signin/factor", "/signin/factor/code", Map.of("code", code));
	}

	/**
	 * Fetches binary content.
	 */
	public Binary fetch(String path) {
		return sendForBytes(HttpRequest.newBuilder(uri(path)).GET());
	}

	/**
	 * Downloads a document as its page's form does: fetches the page, then posts to the
	 * form's action with that page's CSRF token, taking the answer as bytes.
	 */
	public Binary download(String formPage, String action) {
		Page page = get(formPage);
		String token = page.csrf().orElseThrow(() -> new AssertionError("No CSRF token on " + formPage + " ("
				+ page.status() + " " + page.location() + ")"));
		return postForBytes(action, Map.of("_csrf", token));
	}

	/**
	 * Posts a form as it is given (a script's way, with whatever token it holds), taking the
	 * answer as bytes: a download, or a redirect to read from its {@code Location}.
	 */
	public Binary postForBytes(String action, Map<String, String> fields) {
		return sendForBytes(HttpRequest.newBuilder(uri(action))
			.POST(HttpRequest.BodyPublishers.ofString(formBody(fields)))
			.header("Content-Type", "application/x-www-form-urlencoded"));
	}

	private static String formBody(Map<String, String> fields) {
		return fields.entrySet()
			.stream()
			.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	private Binary sendForBytes(HttpRequest.Builder request) {
		try {
			request.header("User-Agent", this.userAgent);
			if (this.forwardedFor != null) {
				request.header("X-Forwarded-For", this.forwardedFor);
			}
			HttpResponse<byte[]> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			return new Binary(response.statusCode(), response.body(), response.headers());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A binary response.
	 */
	public record Binary(int status, byte[] body, HttpHeaders headers) {

		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		/** Where a redirect leads, as a path, or {@code null} when there was none. */
		public String redirect() {
			String location = header("Location");
			return location == null ? null : location.replaceFirst("^https?://[^/]+", "");
		}

		/** The body read as Latin-1, so that any text in it can be looked for. */
		public String text() {
			return new String(this.body, StandardCharsets.ISO_8859_1);
		}

	}

	public String sessionCookie() {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter(c -> c.getName().equals("TIAKI_SESSION"))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElse(null);
	}

	public URI uri(String path) {
		return URI.create(this.origin + path);
	}

	/**
	 * One response.
	 */
	public record Page(int status, String location, String body, HttpHeaders headers) {

		public Optional<String> csrf() {
			Matcher field = CSRF_FIELD.matcher(this.body);
			if (field.find()) {
				return Optional.of(field.group(1));
			}
			Matcher meta = CSRF_META.matcher(this.body);
			return meta.find() ? Optional.of(meta.group(1)) : Optional.empty();
		}

		/**
		 * @return where a redirect points, without the origin
		 */
		public String redirect() {
			if (this.location == null) {
				return null;
			}
			return this.location.replaceFirst("^https?://[^/]+", "");
		}

		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

	}

}
