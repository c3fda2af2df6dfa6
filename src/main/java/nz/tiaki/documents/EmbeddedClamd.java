package nz.tiaki.documents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A clamd the portal starts on loopback when no scanner is configured and ClamAV is
 * installed. It loads the signatures found in the configured directory; when there are
 * none (a machine where freshclam never ran), it loads only a signature for the EICAR test
 * file, so the pipeline can be shown working, and warns that it would catch nothing else.
 */
final class EmbeddedClamd implements AutoCloseable {

	/** The EICAR anti-malware test file, which every scanner reports and which harms nothing. */
	static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

	private static final Logger log = LoggerFactory.getLogger(EmbeddedClamd.class);

	private final Path command;

	private final Path directory;

	private final Path signatures;

	private final int port;

	private Process process;

	private EmbeddedClamd(Path command, Path directory, Path signatures, int port) {
		this.command = command;
		this.directory = directory;
		this.signatures = signatures;
		this.port = port;
	}

	/**
	 * Starts clamd, or returns {@code null} when it is not installed.
	 */
	static EmbeddedClamd startIfInstalled(ScanSettings settings) {
		if (!Files.isExecutable(settings.embeddedCommand())) {
			log.warn("No virus scanner: {} is not installed and tiaki.scanning.clamd is not set, so every upload "
					+ "will be refused. Install ClamAV (Debian: clamav-daemon) or point tiaki.scanning.clamd at one.",
					settings.embeddedCommand());
			return null;
		}
		try {
			Path directory = settings.embeddedDir().toAbsolutePath().normalize();
			Files.createDirectories(directory);
			Path signatures = settings.signatures().toAbsolutePath().normalize();
			if (!hasSignatures(signatures)) {
				signatures = directory.resolve("test-signatures");
				Files.createDirectories(signatures);
				Files.writeString(signatures.resolve("tiaki-test.ndb"),
						"Tiaki.Test.EICAR:0:*:" + hex(EICAR) + "\n");
				log.warn("Virus scanner started with the EICAR test signature only: no ClamAV signatures were found "
						+ "in {}. Run freshclam (or set tiaki.scanning.signatures) before real use.",
						settings.signatures());
			}
			EmbeddedClamd clamd = new EmbeddedClamd(settings.embeddedCommand(), directory, signatures, freePort());
			clamd.start();
			return clamd;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the virus scanner", ex);
		}
	}

	private static boolean hasSignatures(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return false;
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.map(file -> file.getFileName().toString())
				.anyMatch(name -> name.matches(".*\\.(cvd|cld|cud|ndb|hdb|hsb|ldb)"));
		}
	}

	private static String hex(String text) {
		StringBuilder hex = new StringBuilder();
		for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
			hex.append(String.format("%02x", b));
		}
		return hex.toString();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Starts the process (again, after {@link #stop()}), on the same port.
	 */
	synchronized void start() throws IOException {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		endLeftover();
		Path config = this.directory.resolve("clamd.conf");
		// Files beyond the scan limits are reported, not passed: AlertExceedsMax.
		Files.writeString(config, String.join("\n", "Foreground yes", "TCPAddr 127.0.0.1", "TCPSocket " + this.port,
				"DatabaseDirectory " + this.signatures, "PidFile " + this.directory.resolve("clamd.pid"),
				"LogFile " + this.directory.resolve("clamd.log"), "LogFileMaxSize 5M", "LogRotate yes",
				"StreamMaxLength 30M", "MaxFileSize 30M", "MaxScanSize 120M", "AlertExceedsMax yes",
				"AlertEncrypted yes", "SelfCheck 3600", "") );
		this.process = new ProcessBuilder(this.command.toString(), "--config-file=" + config)
			.redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("clamd.out").toFile())
			.start();
		log.info("Virus scanner (clamd) starting on 127.0.0.1:{}", this.port);
	}

	private void endLeftover() {
		Path pidFile = this.directory.resolve("clamd.pid");
		try {
			if (Files.exists(pidFile)) {
				long pid = Long.parseLong(Files.readString(pidFile).strip());
				ProcessHandle.of(pid)
					.filter(handle -> handle.info().command().map(c -> c.endsWith("clamd")).orElse(false))
					.ifPresent(ProcessHandle::destroy);
				Files.deleteIfExists(pidFile);
			}
		}
		catch (IOException | NumberFormatException ex) {
			log.debug("No earlier scanner to end", ex);
		}
	}

	/**
	 * Stops the process; scans fail until {@link #start()}.
	 */
	synchronized void stop() {
		if (this.process != null) {
			this.process.destroy();
			try {
				this.process.waitFor();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	synchronized boolean running() {
		return this.process != null && this.process.isAlive();
	}

	String address() {
		return "127.0.0.1:" + this.port;
	}

	@Override
	public void close() {
		stop();
	}

}
