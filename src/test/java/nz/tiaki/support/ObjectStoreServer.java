package nz.tiaki.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;

/**
 * An S3-compatible object store for tests: S3Proxy (fetched by the build into
 * {@code target/test-tools}) keeping objects as files in a directory, run as a process of its
 * own. It checks every request's Signature Version 4 against the one identity it knows, as
 * a real store would.
 */
public final class ObjectStoreServer implements AutoCloseable {

	public static final String ACCESS_KEY = "tiaki-test-access";

	public static final String SECRET_KEY = "tiaki-test-secret-not-used-anywhere-else";

	public static final String BUCKET = "tiaki-documents";

	private final Path directory;

	private final int port;

	private Process process;

	/**
	 * @param directory where it keeps its buckets (one folder each) and its log
	 */
	public ObjectStoreServer(Path directory) {
		this.directory = directory;
		try (ServerSocket socket = new ServerSocket(0)) {
			this.port = socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String endpoint() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * @return the folder holding the bucket's objects, one file per object
	 */
	public Path bucket() {
		return this.directory.resolve("data").resolve(BUCKET);
	}

	/**
	 * @return the settings a portal needs to use it
	 */
	public List<String> portalArguments() {
		return List.of("--tiaki.documents.object-store.endpoint=" + endpoint(),
				"--tiaki.documents.object-store.bucket=" + BUCKET,
				"--tiaki.documents.object-store.access-key=" + ACCESS_KEY,
				"--tiaki.documents.object-store.secret-key=" + SECRET_KEY);
	}

	/**
	 * Starts it (again) and waits until it answers.
	 */
	public void start() throws IOException {
		Path jar = Path.of("target/test-tools/s3proxy.jar");
		if (!Files.exists(jar)) {
			throw new IllegalStateException("target/test-tools/s3proxy.jar is missing: run the tests through Maven");
		}
		Files.createDirectories(bucket());
		Path properties = this.directory.resolve("s3proxy.properties");
		Files.writeString(properties, String.join("\n", "s3proxy.endpoint=" + endpoint(),
				"s3proxy.authorization=aws-v2-or-v4", "s3proxy.identity=" + ACCESS_KEY,
				"s3proxy.credential=" + SECRET_KEY, "jclouds.provider=filesystem",
				"jclouds.filesystem.basedir=" + this.directory.resolve("data").toAbsolutePath(), ""));
		this.process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
				"-jar", jar.toAbsolutePath().toString(), "--properties", properties.toAbsolutePath().toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.directory.resolve("s3proxy.log").toFile()))
			.start();
		HttpClient http = HttpClient.newHttpClient();
		Awaitility.await("the object store to answer; see " + this.directory.resolve("s3proxy.log"))
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptions()
			.until(() -> http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/")).build(),
					HttpResponse.BodyHandlers.discarding())
				.statusCode() > 0);
	}

	/**
	 * Stops it outright and waits until it is gone.
	 */
	public void stop() throws InterruptedException {
		if (this.process != null) {
			this.process.destroyForcibly();
			this.process.waitFor();
		}
	}

	@Override
	public void close() throws InterruptedException {
		stop();
	}

}
