package nz.tiaki.documents;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Streams every file to ClamAV's clamd (the INSTREAM command) before anything else looks
 * at it. A file is clean only when clamd says {@code OK}; a signature is infected; anything
 * else (no answer, an error, a size limit) is unscannable. With no clamd configured, one
 * is started on loopback when ClamAV is installed.
 */
@Component
@EnableConfigurationProperties(ScanSettings.class)
class VirusScanner implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(VirusScanner.class);

	private static final int CHUNK = 64 * 1024;

	private static final Duration FIRST_RETRY = Duration.ofMillis(250);

	private final ScanSettings settings;

	private final EmbeddedClamd embedded;

	private final String host;

	private final int port;

	VirusScanner(ScanSettings settings) {
		this.settings = settings;
		String address = settings.clamd() == null ? "" : settings.clamd().strip();
		this.embedded = address.isEmpty() ? EmbeddedClamd.startIfInstalled(settings) : null;
		if (this.embedded != null) {
			address = this.embedded.address();
		}
		if (address.isEmpty()) {
			this.host = null;
			this.port = 0;
		}
		else {
			int colon = address.lastIndexOf(':');
			if (colon <= 0) {
				throw new IllegalStateException("tiaki.scanning.clamd must be host:port");
			}
			this.host = address.substring(0, colon);
			this.port = Integer.parseInt(address.substring(colon + 1));
		}
	}

	/** What clamd said of a file. */
	record Verdict(boolean clean, String signature) {

		@Override
		public String toString() {
			return this.clean ? "clean" : "infected: " + this.signature;
		}

	}

	/**
	 * Scans a file, waiting for the scanner when so configured.
	 * @param content the bytes, exactly as received
	 * @return clean or infected
	 * @throws ScannerUnavailable when no verdict could be had
	 */
	Verdict scan(byte[] content) {
		long deadline = System.nanoTime()
				+ (this.settings.whenUnavailable() == ScanSettings.WhenUnavailable.WAIT ? this.settings.waitUpTo()
						: startingGrace()).toNanos();
		Duration pause = FIRST_RETRY;
		while (true) {
			try {
				return scanOnce(content);
			}
			catch (IOException ex) {
				if (System.nanoTime() + pause.toNanos() > deadline) {
					log.warn("Virus scanner unavailable ({}); upload refused", ex.getClass().getSimpleName());
					throw new ScannerUnavailable();
				}
			}
			try {
				Thread.sleep(pause.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new ScannerUnavailable();
			}
			pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5)
					: pause.multipliedBy(2);
		}
	}

	/** A clamd this portal started may still be loading its signatures; give it a moment. */
	private Duration startingGrace() {
		return this.embedded != null && this.embedded.running() ? Duration.ofSeconds(2) : Duration.ZERO;
	}

	private Verdict scanOnce(byte[] content) throws IOException {
		if (this.host == null) {
			throw new IOException("no scanner");
		}
		try (Socket socket = new Socket()) {
			int timeout = (int) this.settings.timeout().toMillis();
			socket.connect(new InetSocketAddress(this.host, this.port), Math.min(timeout, 5000));
			socket.setSoTimeout(timeout);
			DataOutputStream out = new DataOutputStream(socket.getOutputStream());
			out.write("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII));
			for (int offset = 0; offset < content.length; offset += CHUNK) {
				int length = Math.min(CHUNK, content.length - offset);
				out.writeInt(length);
				out.write(content, offset, length);
			}
			out.writeInt(0);
			out.flush();
			return verdict(readReply(socket.getInputStream()));
		}
	}

	private static String readReply(InputStream in) throws IOException {
		ByteArrayOutputStream reply = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) > 0 && reply.size() < 1024) {
			reply.write(b);
		}
		return reply.toString(StandardCharsets.US_ASCII).strip();
	}

	static Verdict verdict(String reply) throws IOException {
		if (reply.equals("stream: OK")) {
			return new Verdict(true, null);
		}
		if (reply.startsWith("stream: ") && reply.endsWith(" FOUND")) {
			String signature = reply.substring("stream: ".length(), reply.length() - " FOUND".length())
				.replaceAll("[^A-Za-z0-9._:-]", "");
			return new Verdict(false, signature.substring(0, Math.min(signature.length(), 100)));
		}
		if (reply.endsWith("ERROR")) {
			// A file the scanner could not read to the end (a limit, a broken archive) is not clean.
			throw new DocumentRejected("This file could not be checked for viruses, so it was not added.");
		}
		throw new IOException("Scanner answered without a verdict");
	}

	EmbeddedClamd embedded() {
		return this.embedded;
	}

	@Override
	public void destroy() {
		if (this.embedded != null) {
			this.embedded.close();
		}
	}

}
