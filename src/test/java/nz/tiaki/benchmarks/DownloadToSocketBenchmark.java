package nz.tiaki.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.TimeUnit;


import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import nz.tiaki.access.Subject;
import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffMember;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentId;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.documents.Download;
import nz.tiaki.patients.NewPatient;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.TestFiles;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Document downloads written to a socket, against what raw AES-GCM decryption of the same
 * bytes written to the same kind of socket allows, in the same JVM: the protected path (one
 * audited gate decision with the guard's checks and counts, the sealed content read and
 * opened by the vault a 64 KB segment at a time) then the bytes to a loopback connection
 * whose other end discards them. There are two baselines, each with a bare Tink key and the
 * bytes already in memory: AES-GCM in one piece (one call, the whole plaintext written at
 * once), and AES-GCM in the same 64 KB segments as the vault's, written a segment at a
 * time, which is the faster of the two here; the target compares with the faster. A fourth
 * reads only the sealed content and writes it undecrypted, to show what bringing the bytes
 * out of the store costs on its own. The content is kept in PostgreSQL (the default),
 * in a directory, or in an S3-compatible object store ({@code store}: S3Proxy keeping objects
 * as files, run as a process of its own on the same machine, so it shares the cores and
 * answers over loopback; a real store adds the network, and takes the store's work off the
 * node). HTTP parsing and the servlet container are left out. Images only (a PDF is stamped
 * on every page, which is a different cost). Bytes per second = operations per second × the
 * size reported at set-up.
 * <p>
 * Each download runs as a signed-in patient's request does: the patient has an account and
 * the request a session, so the guard checks that neither is locked and charges the document
 * to the session's budget row, reading back its documents and bytes in the hour. The
 * sessions come from a pool of
 * {@value #SESSIONS}, taken in turn; a session that has opened {@code perSession} documents
 * (100 by default, as many in the hour as the heaviest real session may before the guard
 * locks it) is replaced by a fresh one, at staggered times, so that after the first
 * {@value #SESSIONS} × {@code perSession} downloads a session's budget row holds anything from
 * none to that many entries, half that on average, however long the run. The lock thresholds
 * themselves are set out of reach, so that the guard charges and counts without locking.
 * Run the protected path with {@code scripts/benchmark 'DownloadToSocketBenchmark.protected' -f 1 -wi 12 -i 3
 * -w 20s -r 10s -t 4}: it calls AES-GCM so much less often than the raw path that the JIT takes
 * one to three minutes to compile its decryption to the CPU's instructions. The others reach
 * that within seconds ({@code -wi 5 -w 12s} is enough).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DownloadToSocketBenchmark {

	static final int SESSIONS = 2048;

	/** The image's side in pixels: 580 makes about 1 MB of noise PNG, 1640 about 8 MB. */
	@Param({ "580", "1640" })
	public int side;

	/** Where the sealed content is kept: in its PostgreSQL row, as a file in a directory, or in an object store. */
	@Param({ "database", "file-store", "object-store" })
	public String store;

	/** How many documents each session opens before the pool is replaced by fresh sessions. */
	@Param("100")
	public int perSession;

	private nz.tiaki.support.ObjectStoreServer objectStore;

	/** The portal's object-store client, read through as the portal reads (its type is the documents module's own). */
	private java.lang.reflect.Method objectRead;

	private Object objectContent;

	private java.nio.file.Path directory;

	private ConfigurableApplicationContext portal;

	private Documents documents;

	private JdbcClient jdbc;

	private Subject patient;

	private final java.util.concurrent.atomic.AtomicLong turn = new java.util.concurrent.atomic.AtomicLong();

	/** Sets this run's sessions apart from any earlier run's on the same database. */
	private final String run = UUID.randomUUID().toString();

	private DocumentId image;

	private Aead rawKey;

	private byte[] rawImage;

	private byte[] associated;

	private StreamingAead rawSegmentsKey;

	private byte[] rawSegments;

	private ServerSocket sink;

	@Setup(Level.Trial)
	public void seed() throws Exception {
		// the guard still checks and counts every download; only its thresholds are out of reach
		this.directory = java.nio.file.Files.createTempDirectory("tiaki-benchmark-documents-");
		java.util.List<String> settings = new java.util.ArrayList<>(java.util.List.of(
				"--tiaki.guard.documents-before-step-up=100000000", "--tiaki.guard.documents-before-lock=100000000",
				"--tiaki.guard.bytes-before-lock=1TB"));
		if (this.store.equals("file-store")) {
			settings.add("--tiaki.documents.file-store.directory=" + this.directory);
		}
		if (this.store.equals("object-store")) {
			this.objectStore = new nz.tiaki.support.ObjectStoreServer(this.directory);
			this.objectStore.start();
			settings.addAll(this.objectStore.portalArguments());
		}
		this.portal = BenchmarkPortal.start(settings.toArray(String[]::new));
		this.documents = this.portal.getBean(Documents.class);
		this.jdbc = this.portal.getBean(JdbcClient.class);
		if (this.objectStore != null) {
			Class<?> elsewhere = Class.forName("nz.tiaki.documents.ContentElsewhere");
			this.objectContent = this.portal.getBean(elsewhere);
			this.objectRead = elsewhere.getDeclaredMethod("stream", DocumentId.class);
			this.objectRead.setAccessible(true);
		}
		Practices practices = this.portal.getBean(Practices.class);
		PracticeId practice = practices.create("Benchmark Practice");
		StaffMember doctor = practices.addStaff(practice, "Dr Bench", "bench" + this.side + "@practice.example",
				StaffRole.DOCTOR);
		Subject clinician = new Subject(Subject.Kind.STAFF, doctor.id(), null);
		PatientId id = practices.registerPatient(Fixtures.REGISTRAR, practice,
				new NewPatient(Fixtures.uniqueNhi(), "Bench", "Patient", LocalDate.of(1970, 1, 1), null));
		this.patient = new Subject(Subject.Kind.PATIENT, id.value(), UUID.randomUUID());
		byte[] png = TestFiles.noisePng(this.side);
		this.image = this.documents.publish(clinician, id, DocumentKind.RESULT, "Scan", "scan.png", png);
		byte[] stored = downloadInNextSession().readAll();
		AeadConfig.register();
		this.rawKey = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
			.getPrimitive(RegistryConfiguration.get(), Aead.class);
		this.associated = ("tiaki/v1/document/" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
		this.rawImage = this.rawKey.encrypt(stored, this.associated);
		StreamingAeadConfig.register();
		this.rawSegmentsKey = KeysetHandle.generateNew(AesGcmHkdfStreamingParameters.builder()
			.setKeySizeBytes(32)
			.setDerivedAesGcmKeySizeBytes(32)
			.setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
			.setCiphertextSegmentSizeBytes(64 * 1024)
			.build()).getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
		java.io.ByteArrayOutputStream segments = new java.io.ByteArrayOutputStream();
		try (OutputStream sealing = this.rawSegmentsKey.newEncryptingStream(segments, this.associated)) {
			sealing.write(stored);
		}
		this.rawSegments = segments.toByteArray();
		this.sink = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(() -> {
			while (!this.sink.isClosed()) {
				try {
					Socket connection = this.sink.accept();
					Thread reader = new Thread(() -> discard(connection), "sink-reader");
					reader.setDaemon(true);
					reader.start();
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "sink");
		acceptor.setDaemon(true);
		acceptor.start();
		System.out.printf("%nimage %,d bytes as stored and downloaded%n", stored.length);
	}

	private static void discard(Socket connection) {
		byte[] buffer = new byte[1 << 16];
		try (InputStream in = connection.getInputStream()) {
			while (in.read(buffer) >= 0) {
				// dropped
			}
		}
		catch (IOException ex) {
			// the writer closed
		}
	}

	/** Each benchmark thread writes over a connection of its own. */
	@State(Scope.Thread)
	public static class Connection {

		OutputStream out;

		final byte[] chunk = new byte[64 * 1024];

		private Socket socket;

		@Setup(Level.Trial)
		public void open(DownloadToSocketBenchmark benchmark) throws IOException {
			this.socket = new Socket(InetAddress.getLoopbackAddress(), benchmark.sink.getLocalPort());
			this.out = this.socket.getOutputStream();
		}

		@TearDown(Level.Trial)
		public void close() throws IOException {
			this.socket.close();
		}

	}

	/** The portal's database, as the portal reaches it. */
	JdbcClient database() {
		return this.jdbc;
	}

	@TearDown(Level.Trial)
	public void stop() throws IOException, InterruptedException {
		this.sink.close();
		this.portal.close();
		if (this.objectStore != null) {
			this.objectStore.stop();
		}
	}

	/**
	 * The request of the pool's next session. Each of the pool's places is taken in turn and
	 * given a fresh session once its session has opened {@code perSession} documents; the
	 * places are renewed at staggered times, so that once every place has been renewed, the
	 * sessions' counts are spread evenly between none and {@code perSession}, and stay so.
	 */
	private MockHttpServletRequest nextSession() {
		long turn = this.turn.getAndIncrement();
		long place = turn % SESSIONS;
		long generation = (turn / SESSIONS + place * this.perSession / SESSIONS) / this.perSession;
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/patient/documents");
		request.setRemoteAddr("127.0.0.1");
		request.addHeader("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 benchmark");
		request.setSession(new MockHttpSession(null, this.run + "-" + place + "-" + generation));
		return request;
	}

	/** Downloads the image as the next session of the pool, bound as the current request. */
	private Download downloadInNextSession() {
		MockHttpServletRequest request = nextSession();
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
		try {
			return this.documents.download(this.patient, this.image, null, () -> "Bench Patient");
		}
		finally {
			RequestContextHolder.resetRequestAttributes();
		}
	}

	@Benchmark
	public void protectedDownloadToSocket(Connection connection) throws IOException {
		downloadInNextSession().sendTo(connection.out);
	}

	/**
	 * Only the sealed bytes' way out of the store: the row read as the portal's connection
	 * pool reads it, or the file read, written to the socket as it is (no decision, no
	 * decryption). What keeping documents there costs per byte, next to the raw decryption.
	 */
	@Benchmark
	public void sealedContentToSocket(Connection connection) throws Exception {
		if (this.objectStore != null) {
			try (InputStream sealed = (InputStream) this.objectRead.invoke(this.objectContent, this.image)) {
				sealed.transferTo(connection.out);
			}
			return;
		}
		if (this.store.equals("file-store")) {
			String name = this.image.value().toString();
			connection.out.write(java.nio.file.Files.readAllBytes(this.directory.resolve(name.substring(0, 2)).resolve(name)));
			return;
		}
		connection.out.write(this.jdbc.sql("select content_sealed from document where id = :id")
			.param("id", this.image.value())
			.query(byte[].class)
			.single());
	}

	@Benchmark
	public void rawAesGcmOpenToSocket(Connection connection) throws Exception {
		connection.out.write(this.rawKey.decrypt(this.rawImage, this.associated));
	}

	/**
	 * The same bytes sealed in 64 KB segments as the vault seals documents, opened from
	 * memory with a bare key and written in 64 KB chunks: raw AES-GCM at its fastest here.
	 */
	@Benchmark
	public void rawSegmentsOpenToSocket(Connection connection) throws Exception {
		try (InputStream in = this.rawSegmentsKey.newDecryptingStream(new java.io.ByteArrayInputStream(this.rawSegments),
				this.associated)) {
			byte[] chunk = connection.chunk;
			int read;
			while ((read = in.readNBytes(chunk, 0, chunk.length)) > 0) {
				connection.out.write(chunk, 0, read);
			}
		}
	}

}
