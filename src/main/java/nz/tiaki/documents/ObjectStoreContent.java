package nz.tiaki.documents;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Sealed document content in an S3-compatible object store, one object per document, named
 * by the document's id alone (nothing about the patient is in a key). Requests are signed
 * (Signature Version 4) and carry the SHA-256 of their body, which the store checks. An
 * object written for a row that is then not committed is deleted again; an object whose
 * row was deleted goes once that deletion commits. Times in signatures are real time.
 */
final class ObjectStoreContent implements ContentElsewhere {

	static final String NAME = "object-store";

	private static final Logger log = LoggerFactory.getLogger(ObjectStoreContent.class);

	private static final String EMPTY = SignatureV4.sha256Hex(new byte[0]);

	private final HttpClient http;

	private final SignatureV4 signer;

	private final ObjectStoreSettings settings;

	private final String host;

	/** Objects per page of a listing (S3's own most is 1,000); smaller in tests, to page. */
	int listPage = 1000;

	ObjectStoreContent(ObjectStoreSettings settings) {
		if (settings.bucket() == null || settings.bucket().isBlank() || settings.accessKey() == null
				|| settings.secretKey() == null) {
			throw new IllegalStateException("tiaki.documents.object-store.endpoint is set, so bucket, access-key and "
					+ "secret-key must be set too");
		}
		if (!settings.bucket().matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
			throw new IllegalStateException("tiaki.documents.object-store.bucket is not a valid bucket name");
		}
		this.settings = settings;
		this.signer = new SignatureV4(settings.accessKey(), settings.secretKey(), settings.region());
		this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
		URI endpoint = settings.endpoint();
		int port = endpoint.getPort();
		boolean usual = port == -1 || (port == 80 && "http".equals(endpoint.getScheme()))
				|| (port == 443 && "https".equals(endpoint.getScheme()));
		this.host = endpoint.getHost() + (usual ? "" : ":" + port);
	}

	@Override
	public byte[] keep(DocumentId id, byte[] sealed) {
		int status = send("PUT", id, sealed).statusCode();
		if (status != 200) {
			log.warn("The object store refused to keep a document (HTTP {})", status);
			throw new StorageUnavailable();
		}
		deleteUnlessCommitted(id);
		return null;
	}

	/** The object's body, read as it is asked for rather than received whole first. */
	@Override
	public java.io.InputStream stream(DocumentId id) {
		HttpResponse<java.io.InputStream> response = send("GET", objectPath(id), "", null,
				HttpResponse.BodyHandlers.ofInputStream());
		if (response.statusCode() != 200) {
			try (java.io.InputStream unread = response.body()) {
				log.warn("The object store did not give a document's content (HTTP {})", response.statusCode());
			}
			catch (IOException ex) {
				// the answer was a refusal either way
			}
			throw new StorageUnavailable();
		}
		return response.body();
	}

	@Override
	public String name() {
		return NAME;
	}

	/**
	 * Lists every object under the documents' prefix (ListObjectsV2, a page at a time,
	 * following continuation tokens); keys that do not name a document id are left out.
	 * @param each receives each object
	 */
	@Override
	public void list(java.util.function.Consumer<Stored> each) {
		String token = null;
		do {
			java.util.TreeMap<String, String> query = new java.util.TreeMap<>();
			query.put("list-type", "2");
			query.put("max-keys", Integer.toString(this.listPage));
			query.put("prefix", this.settings.prefix());
			if (token != null) {
				query.put("continuation-token", token);
			}
			StringBuilder canonical = new StringBuilder();
			query.forEach((name, value) -> canonical.append(canonical.length() == 0 ? "" : "&")
				.append(encode(name))
				.append('=')
				.append(encode(value)));
			HttpResponse<byte[]> response = send("GET", "/" + this.settings.bucket(), canonical.toString(), null);
			if (response.statusCode() != 200) {
				log.warn("The object store did not list the documents (HTTP {})", response.statusCode());
				throw new StorageUnavailable();
			}
			org.w3c.dom.Document page = parse(response.body());
			org.w3c.dom.NodeList contents = page.getElementsByTagNameNS("*", "Contents");
			for (int i = 0; i < contents.getLength(); i++) {
				org.w3c.dom.Element object = (org.w3c.dom.Element) contents.item(i);
				String key = text(object, "Key");
				String name = key == null ? "" : key.substring(Math.min(key.length(), this.settings.prefix().length()));
				try {
					each.accept(new Stored(new DocumentId(java.util.UUID.fromString(name)),
							Instant.parse(text(object, "LastModified"))));
				}
				catch (IllegalArgumentException | java.time.DateTimeException ex) {
					// not one of ours
				}
			}
			token = "true".equals(text(page.getDocumentElement(), "IsTruncated"))
					? text(page.getDocumentElement(), "NextContinuationToken") : null;
		}
		while (token != null);
	}

	@Override
	public void delete(DocumentId id) {
		remove(id);
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)
			.replace("+", "%20")
			.replace("*", "%2A")
			.replace("%7E", "~");
	}

	private static org.w3c.dom.Document parse(byte[] xml) {
		try {
			javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
			factory.setNamespaceAware(true);
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			factory.setXIncludeAware(false);
			factory.setExpandEntityReferences(false);
			return factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(xml));
		}
		catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException | IOException ex) {
			throw new StorageUnavailable();
		}
	}

	private static String text(org.w3c.dom.Element parent, String name) {
		org.w3c.dom.NodeList found = parent.getElementsByTagNameNS("*", name);
		return found.getLength() == 0 ? null : found.item(0).getTextContent();
	}

	/** Deletes an object; a failure leaves an orphan of sealed bytes, which is logged. */
	private void remove(DocumentId id) {
		try {
			int status = send("DELETE", id, null).statusCode();
			if (status != 204 && status != 200 && status != 404) {
				log.warn("The object store did not delete document {} (HTTP {}); its sealed content is left over", id,
						status);
			}
		}
		catch (StorageUnavailable ex) {
			log.warn("The object store could not be reached to delete document {}; its sealed content is left over", id);
		}
	}

	private HttpResponse<byte[]> send(String method, DocumentId id, byte[] body) {
		return send(method, objectPath(id), "", body);
	}

	private String objectPath(DocumentId id) {
		return "/" + this.settings.bucket() + "/" + this.settings.prefix() + id.value();
	}

	private HttpResponse<byte[]> send(String method, String path, String query, byte[] body) {
		return send(method, path, query, body, HttpResponse.BodyHandlers.ofByteArray());
	}

	/** Sends one signed request; an unreachable store is {@link StorageUnavailable}. */
	private <T> HttpResponse<T> send(String method, String path, String query, byte[] body,
			HttpResponse.BodyHandler<T> answer) {
		String hash = body == null ? EMPTY : SignatureV4.sha256Hex(body);
		Map<String, String> headers = this.signer.sign(method, path, query, Map.of("host", this.host), hash, Instant.now());
		HttpRequest.Builder request = HttpRequest
			.newBuilder(this.settings.endpoint().resolve(query.isEmpty() ? path : path + "?" + query))
			.timeout(this.settings.timeout())
			.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofByteArray(body));
		headers.forEach((name, value) -> {
			if (!name.equals("host")) {
				request.header(name, value);
			}
		});
		if (body != null) {
			request.header("Content-Type", "application/octet-stream");
		}
		try {
			return this.http.send(request.build(), answer);
		}
		catch (IOException ex) {
			log.warn("The object store could not be reached: {}", ex.getClass().getSimpleName());
			throw new StorageUnavailable();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StorageUnavailable();
		}
	}

	@Override
	public String toString() {
		return "ObjectStoreContent[" + this.settings.endpoint() + "]";
	}

}
