package nz.tiaki.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

import org.awaitility.Awaitility;

/**
 * The portal as a process of its own, on the test portal's database, keys and virus scanner:
 * for what one JVM cannot show — being killed, or logging in another format.
 */
public final class PortalProcess implements AutoCloseable {

	private final int port;

	private final int databasePort;

	private final Path log;

	private final List<String> extraArguments;

	private Process process;

	/**
	 * @param databasePort the test database's port
	 * @param log where the process's output goes (appended)
	 * @param extraArguments more {@code --name=value} settings
	 */
	public PortalProcess(int databasePort, Path log, String... extraArguments) {
		try (ServerSocket socket = new ServerSocket(0)) {
			this.port = socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.databasePort = databasePort;
		this.log = log;
		this.extraArguments = List.of(extraArguments);
	}

	/**
	 * @return where it answers
	 */
	public String origin() {
		return "http://localhost:" + this.port;
	}

	public boolean alive() {
		return this.process != null && this.process.isAlive();
	}

	public Process process() {
		return this.process;
	}

	/**
	 * Starts it and waits until its sign-in page answers.
	 */
	public void start() throws IOException {
		Path work = PortalTest.workDirectory();
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", classpath(), "nz.tiaki.TiakiApplication", "--server.port=" + this.port,
				"--tiaki.db.url=jdbc:postgresql://localhost:" + this.databasePort + "/tiaki",
				"--tiaki.db.username=tiaki_app", "--tiaki.db.owner-username=postgres", "--tiaki.web.origin=" + origin(),
				"--tiaki.vault.master-key-file=" + work.resolve("keys/master.json"),
				"--tiaki.audit.signing-key-file=" + work.resolve("keys/audit-signing.json"),
				"--tiaki.demo.enabled=false", "--tiaki.scanning.clamd=" + clamd()));
		command.addAll(this.extraArguments);
		this.process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
			.start();
		Visitor probe = new Visitor(origin());
		Awaitility.await("the portal process to answer; see " + this.log)
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(250))
			.ignoreExceptions()
			.until(() -> probe.get("/signin").status() == 200);
	}

	/**
	 * Kills it outright (SIGKILL) and waits for it to be gone.
	 */
	public void kill() throws InterruptedException {
		if (this.process != null) {
			this.process.destroyForcibly();
			this.process.waitFor();
		}
	}

	@Override
	public void close() throws InterruptedException {
		kill();
	}

	private static String classpath() throws IOException {
		String path = System.getProperty("java.class.path");
		if (path.contains(File.pathSeparator) || !path.endsWith(".jar")) {
			return path;
		}
		try (JarFile booter = new JarFile(path)) {
			String manifest = booter.getManifest().getMainAttributes().getValue("Class-Path");
			List<String> entries = new ArrayList<>();
			for (String url : manifest.split(" ")) {
				if (!url.isBlank()) {
					entries.add(Path.of(URI.create(url)).toString());
				}
			}
			return String.join(File.pathSeparator, entries);
		}
	}

	/** The test portal's own clamd, for the portal process to scan with too. */
	private static String clamd() throws IOException {
		for (String line : Files.readAllLines(PortalTest.workDirectory().resolve("clamav/clamd.conf"))) {
			if (line.startsWith("TCPSocket ")) {
				return "127.0.0.1:" + line.substring("TCPSocket ".length()).strip();
			}
		}
		throw new IllegalStateException("No clamd for the test portal");
	}

}
