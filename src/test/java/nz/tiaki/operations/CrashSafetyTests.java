package nz.tiaki.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import nz.tiaki.audit.AuditTrail;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.Documents;
import nz.tiaki.records.Category;
import nz.tiaki.records.EntryView;
import nz.tiaki.records.Records;
import nz.tiaki.shared.database.EmbeddedDatabase;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.Multipart;
import nz.tiaki.support.PortalProcess;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.TestFiles;
import nz.tiaki.support.Visitor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety: while a patient uploads 1,000 documents and their doctor writes 1,000
 * record entries through a portal running as its own process, the process is killed with
 * SIGKILL at three random requests (with the request in flight), and PostgreSQL is stopped
 * with {@code pg_ctl -m immediate} at two others (no checkpoint: it starts again by crash
 * recovery from its write-ahead log). Afterwards every write the client saw succeed is there
 * — each document whole — every write it saw refused is absent, nothing is stored that was
 * never asked for, and the audit chain verifies (HIPAA 164.312(c)(1) integrity,
 * 164.308(a)(7) contingency; ASVS 5.0 V16.5). A write whose answer was lost in a crash may
 * or may not have been kept; either is allowed, and only for that one request.
 */
class CrashSafetyTests extends PortalTest {

	private static final int UPLOADS = 1_000;

	private static final int ENTRIES = 1_000;

	/** How many requests meet PostgreSQL stopped before it is started again. */
	private static final int REQUESTS_WHILE_DOWN = 3;

	@Autowired
	private EmbeddedDatabase database;

	@Autowired
	private Documents documents;

	@Autowired
	private Records records;

	@Autowired
	private AuditTrail audit;

	private PortalProcess portal;

	/**
	 * The test database's server, stopped as {@code pg_ctl stop -m immediate} stops it (the
	 * postmaster's SIGQUIT: every process quits at once, nothing is checkpointed) and started
	 * again by {@code pg_ctl restart} with the options it ran with ({@code postmaster.opts}),
	 * so it recovers from its write-ahead log. As root, pg_ctl runs in a user namespace of its
	 * own, as the embedded server itself does.
	 */
	private static final class Server {

		private final Path data = workDirectory().resolve("postgres");

		private final Path pgCtl;

		Server() throws IOException {
			String postgres = ProcessHandle.of(postmaster())
				.flatMap(handle -> handle.info().command())
				.orElseThrow(() -> new IllegalStateException("The test database's server is not running"));
			this.pgCtl = Path.of(postgres).resolveSibling("pg_ctl");
		}

		private long postmaster() throws IOException {
			return Long.parseLong(Files.readAllLines(this.data.resolve("postmaster.pid")).get(0).strip());
		}

		void crash() {
			try {
				long pid = postmaster();
				run(List.of("kill", "-QUIT", Long.toString(pid)));
				ProcessHandle.of(pid).ifPresent(handle -> handle.onExit().join());
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}

		void start() {
			List<String> command = new ArrayList<>();
			if ("root".equals(System.getProperty("user.name"))) {
				command.addAll(List.of("unshare", "-U"));
			}
			command.addAll(List.of(this.pgCtl.toString(), "-D", this.data.toString(), "-w", "-t", "120", "-l",
					workDirectory().resolve("crash-postgres.log").toString(), "restart"));
			run(command);
		}

		private static void run(List<String> command) {
			try {
				Process process = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.appendTo(workDirectory().resolve("pg_ctl.log").toFile()))
					.start();
				assertThat(process.waitFor()).as(String.join(" ", command) + "; see pg_ctl.log").isZero();
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

	/** The portal process keeps real time, not the test's clock: codes are for the next real step. */
	private static Visitor signedInThere(Fixtures.TestAccount account, String origin) {
		Visitor visitor = new Visitor(origin);
		assertThat(visitor.signIn(account.username(), account.password()).redirect()).isEqualTo("/signin/factor");
		assertThat(visitor.secondFactor(Fixtures.totp(account.secret(), java.time.Instant.now().plusSeconds(30)))
			.status()).isEqualTo(302);
		return visitor;
	}

	private enum Outcome {
		DONE, REFUSED, UNKNOWN
	}

	@Test
	void acknowledgedWritesSurviveCrashesOfThePortalAndOfPostgreSql() throws Exception {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		PatientId patientId = new PatientId(patient.holderId());
		this.portal = new PortalProcess(this.database.port(), workDirectory().resolve("crash-portal.log"),
				"--logging.level.root=warn");
		this.portal.start();
		try {
			drill(doctor, patient, patientId);
		}
		finally {
			this.portal.kill();
		}
	}

	private void drill(Fixtures.TestAccount doctor, Fixtures.TestAccount patient, PatientId patientId)
			throws Exception {
		String origin = this.portal.origin();
		Visitor me = signedInThere(patient, origin);
		Visitor gp = signedInThere(doctor, origin);

		Map<String, Outcome> uploads = new ConcurrentHashMap<>();
		Map<String, Outcome> entries = new ConcurrentHashMap<>();
		Random random = new Random(5);
		Server database = new Server();
		// At three random requests a killer strikes the portal a few milliseconds after the
		// request is sent, so the process dies with it in flight; at two others PostgreSQL
		// stops at once the same way, and a few requests meet it stopped before it starts again.
		java.util.concurrent.atomic.AtomicInteger kills = new java.util.concurrent.atomic.AtomicInteger();
		java.util.concurrent.ScheduledExecutorService killer = java.util.concurrent.Executors
			.newSingleThreadScheduledExecutor();
		int requests = UPLOADS + ENTRIES;
		Set<Integer> strikes = new java.util.TreeSet<>();
		Set<Integer> databaseStrikes = new java.util.TreeSet<>();
		while (strikes.size() < 3) {
			strikes.add(10 + random.nextInt(requests - 20));
		}
		while (databaseStrikes.size() < 2) {
			int at = 10 + random.nextInt(requests - 20);
			if (strikes.stream().noneMatch(kill -> Math.abs(kill - at) <= REQUESTS_WHILE_DOWN + 1)) {
				databaseStrikes.add(at);
			}
		}
		int databaseCrashes = 0;
		int downUntil = -1;
		String uploadCsrf = null;
		String entryCsrf = null;
		String page = "/practice/patients/" + patientId.value();
		for (int i = 0; i < requests; i++) {
			synchronized (this) {
				if (!this.portal.alive()) {
					this.portal.start();
					uploadCsrf = null;
					entryCsrf = null;
				}
			}
			if (i == downUntil) {
				database.start();
			}
			// One token per session (sessions outlive the process): the pages that carry it grow
			// with every write, so they are read once, not a thousand times.
			if (uploadCsrf == null && i >= downUntil) {
				uploadCsrf = me.get("/patient/documents").csrf().orElse(null);
			}
			if (entryCsrf == null && i >= downUntil) {
				entryCsrf = gp.get(page).csrf().orElse(null);
			}
			java.util.concurrent.ScheduledFuture<?> strike = null;
			if (strikes.contains(i)) {
				Process target = this.portal.process();
				strike = killer.schedule(() -> {
					target.destroyForcibly();
					kills.incrementAndGet();
				}, random.nextInt(15), java.util.concurrent.TimeUnit.MILLISECONDS);
			}
			if (databaseStrikes.contains(i)) {
				strike = killer.schedule(database::crash, random.nextInt(15), java.util.concurrent.TimeUnit.MILLISECONDS);
				downUntil = i + 1 + REQUESTS_WHILE_DOWN;
				databaseCrashes++;
			}
			boolean upload = i % 2 == 0;
			String name = (upload ? "Upload " : "Entry ") + i + " " + random.nextInt(1_000_000);
			Outcome outcome;
			try {
				if (upload) {
					byte[] pdf = TestFiles.pdf(name);
					Visitor.Page answer = me.send(new Multipart().field("title", name)
						.file("file", "file.pdf", "application/pdf", pdf)
						.post(me, "/patient/documents", String.valueOf(uploadCsrf), "application/json"));
					outcome = answer.status() == 200 ? Outcome.DONE
							: answer.status() >= 400 && answer.status() < 600 ? Outcome.REFUSED : Outcome.UNKNOWN;
				}
				else {
					Visitor.Page answer = gp.postForm(page + "/entries", Map.of("_csrf", String.valueOf(entryCsrf),
							"category", "CONDITION", "name", name, "detail", ""));
					outcome = answer.status() == 302 ? Outcome.DONE
							: answer.status() >= 400 ? Outcome.REFUSED : Outcome.UNKNOWN;
				}
			}
			catch (RuntimeException ex) {
				outcome = Outcome.UNKNOWN;
			}
			if (strike != null) {
				strike.get(60, java.util.concurrent.TimeUnit.SECONDS);
				if (databaseStrikes.contains(i) && outcome != Outcome.DONE) {
					// Refused as the database went: it may have committed just before, the answer lost.
					outcome = Outcome.UNKNOWN;
				}
			}
			(upload ? uploads : entries).put(name, outcome);
		}
		if (downUntil >= requests) {
			database.start();
		}
		killer.shutdown();
		assertThat(killer.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		this.portal.kill();
		assertThat(kills.get()).as("the portal was killed while it worked").isEqualTo(3);
		assertThat(databaseCrashes).as("PostgreSQL was stopped at once while it worked").isEqualTo(2);
		assertThat(uploads.values()).as("requests met PostgreSQL stopped and were refused")
			.filteredOn(o -> o == Outcome.REFUSED)
			.isNotEmpty();

		Map<String, String> stored = new HashMap<>();
		this.documents.exportAll(Fixtures.patientSubject(patient), document -> {
			try (org.apache.pdfbox.pdmodel.PDDocument pdf = org.apache.pdfbox.Loader.loadPDF(document.content())) {
				stored.put(document.summary().title(), new org.apache.pdfbox.text.PDFTextStripper().getText(pdf));
			}
			catch (IOException ex) {
				stored.put(document.summary().title(), "unreadable");
			}
		});
		Set<String> recorded = this.records.list(Fixtures.staffSubject(doctor), patientId, Category.CONDITION)
			.stream()
			.map(entry -> EntryView.of(entry).title())
			.collect(Collectors.toSet());

		List<String> problems = new ArrayList<>();
		uploads.forEach((name, outcome) -> {
			if (outcome == Outcome.DONE && !stored.containsKey(name)) {
				problems.add("acknowledged upload missing: " + name);
			}
			if (stored.containsKey(name) && !stored.get(name).contains(name)) {
				problems.add("upload stored but its content is not whole: " + name);
			}
			if (outcome == Outcome.REFUSED && stored.containsKey(name)) {
				problems.add("refused upload stored: " + name);
			}
		});
		entries.forEach((name, outcome) -> {
			if (outcome == Outcome.DONE && !recorded.contains(name)) {
				problems.add("acknowledged entry missing: " + name);
			}
			if (outcome == Outcome.REFUSED && recorded.contains(name)) {
				problems.add("refused entry stored: " + name);
			}
		});
		assertThat(problems).isEmpty();
		assertThat(uploads.values()).as("most writes were acknowledged").filteredOn(o -> o == Outcome.DONE)
			.hasSizeGreaterThan(UPLOADS / 2);
		assertThat(entries.values()).filteredOn(o -> o == Outcome.DONE).hasSizeGreaterThan(ENTRIES / 2);
		assertThat(stored.keySet()).as("nothing stored that was never asked for").isSubsetOf(uploads.keySet());
		assertThat(recorded).as("no entry that was never asked for").isSubsetOf(entries.keySet());
		this.audit.sealNow();
		assertThat(this.audit.verify(List.of()).intact()).as("the audit chain verifies").isTrue();
		System.out.printf("Crash drill: uploads %s, entries %s%n",
				uploads.values().stream().collect(Collectors.groupingBy(o -> o, Collectors.counting())),
				entries.values().stream().collect(Collectors.groupingBy(o -> o, Collectors.counting())));
	}

}
