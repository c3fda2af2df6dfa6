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

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sealed document content in an S3-compatible object store, one object per document, named
 * by the document's id alone (nothing about the patient is in a key). Requests are signed
 * (Signature Version 4) and carry the SHA-256 of their body, which the store checks. An
 * object written for a row that is then not committed is deleted again; an object whose
 * row was deleted goes once that deletion commits. Times in signatures are real time.
 */
final class ObjectStoreContent implements ContentStore {

	static final String NAME = "object-store";

	private static final Logger log = LoggerFactory.getLogger(ObjectStoreContent.class);

	private static final String EMPTY = SignatureV4.sha256Hex(new byte[0]);

	private final HttpClient http;

	private final SignatureV4 signer;

	private final ObjectStoreSettings settings;

	private final String host;

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
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int outcome) {
					if (outcome != STATUS_COMMITTED) {
						remove(id);
					}
				}
			});
		}
		return null;
	}

	@Override
	public byte[] fetch(DocumentId id, byte[] inRow) {
		if (inRow != null) {
			return inRow;
		}
		HttpResponse<byte[]> response = send("GET", id, null);
		if (response.statusCode() != 200) {
			log.warn("The object store did not give a document's content (HTTP {})", response.statusCode());
			throw new StorageUnavailable();
		}
		return response.body();
	}

	@Override
	public void discard(DocumentId id) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					remove(id);
				}
			});
		}
		else {
			remove(id);
		}
	}

	@Override
	public String name() {
		return NAME;
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
		String path = "/" + this.settings.bucket() + "/" + this.settings.prefix() + id.value();
		String hash = body == null ? EMPTY : SignatureV4.sha256Hex(body);
		Map<String, String> headers = this.signer.sign(method, path, "", Map.of("host", this.host), hash, Instant.now());
		HttpRequest.Builder request = HttpRequest.newBuilder(this.settings.endpoint().resolve(path))
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
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
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
