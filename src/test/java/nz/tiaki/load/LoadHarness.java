package nz.tiaki.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import nz.tiaki.TiakiApplication;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.MutableClock;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The HTTP load harness: starts the portal on loopback with a fresh embedded PostgreSQL,
 * seeds synthetic people through the portal's own facades, runs each scenario in turn
 * (patients, clinicians, patient apps over FHIR, practice systems importing), and writes
 * throughput, latency percentiles and errors to {@code docs/benchmarks/load.md} with two
 * PNG charts. Run it with {@code scripts/load}; {@code scripts/load --help} lists the
 * options.
 */
public final class LoadHarness {

	private LoadHarness() {
	}

	public static void main(String[] args) throws Exception {
		System.setProperty("java.awt.headless", "true");
		Map<String, String> options = options(args);
		if (options.containsKey("help")) {
			System.out.println("""
					scripts/load [--patients=100] [--clinicians=10] [--apps=50] [--systems=4]
					             [--warm-up=10] [--duration=60] [--scenarios=patient,clinician,fhir-app,pms-import]
					             [--think=0] [--out=docs/benchmarks] [--report=load] [--work=DIR]
					Each scenario runs on its own: its users sign in (or get a token) together, iterate
					for the warm-up seconds unmeasured, then for the duration measured. --think=MS makes
					each user pause about that long (half to one and a half times) before every request,
					as a person reading a page does; 0 sends requests back to back. --work=DIR runs on
					the database and keys in DIR (made by scripts/populate) instead of a new one.""");
			return;
		}
		int patients = Integer.parseInt(options.getOrDefault("patients", "100"));
		int clinicians = Integer.parseInt(options.getOrDefault("clinicians", "10"));
		int apps = Integer.parseInt(options.getOrDefault("apps", "50"));
		int systems = Integer.parseInt(options.getOrDefault("systems", "4"));
		Duration warmUp = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warm-up", "10")));
		Duration duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("duration", "60")));
		List<String> chosen = List.of(options.getOrDefault("scenarios", "patient,clinician,fhir-app,pms-import").split(","));
		Path out = Path.of(options.getOrDefault("out", "docs/benchmarks"));
		Scenarios.thinkMillis = Long.parseLong(options.getOrDefault("think", "0"));

		Path work = options.containsKey("work") ? Path.of(options.get("work")).toAbsolutePath()
				: Files.createTempDirectory("tiaki-load-");
		int port = freePort();
		String origin = "http://127.0.0.1:" + port;
		MutableClock clock = new MutableClock();
		long starting = System.nanoTime();
		boolean failed;
		ConfigurableApplicationContext portal = startPortal(work, port, clock);
		long startUpMillis = (System.nanoTime() - starting) / 1_000_000;
		long eventsBefore = portal.getBean(JdbcClient.class)
			.sql("select count(*) from audit_event")
			.query(Long.class)
			.single();
		String idle = memory("after start-up");
		try {
			int perPractice = Math.max(1, (patients + apps) / Math.max(1, Math.max(clinicians, systems)));
			Population population = Population.seed(portal, Fixtures.over(portal, clock), clock, patients, apps, perPractice,
					(what, done, of) -> {
						if (done % 10 == 0 || done == of) {
							System.err.printf(Locale.ROOT, "\rseeding %s: %d of %d", what, done, of);
							if (done == of) {
								System.err.println();
							}
						}
					});
			List<LoadRun.Result> results = new ArrayList<>();
			Map<String, String> databaseNotes = new LinkedHashMap<>();
			for (String name : chosen) {
				Scenarios.Scenario scenario = switch (name.strip()) {
					case "patient" -> Scenarios.patients(origin, population);
					case "clinician" -> Scenarios.clinicians(origin, population);
					case "fhir-app" -> Scenarios.fhirApps(origin, population);
					case "pms-import" -> Scenarios.practiceSystems(origin, population);
					default -> throw new IllegalArgumentException("no scenario called " + name);
				};
				int users = switch (scenario.name()) {
					case "patient" -> patients;
					case "clinician" -> Math.min(clinicians, population.practices.size());
					case "fhir-app" -> apps;
					default -> Math.min(systems, population.practices.size());
				};
				System.err.printf(Locale.ROOT, "running %s: %d users, %d s warm-up, %d s measured%n", scenario.name(),
						users, warmUp.toSeconds(), duration.toSeconds());
				JdbcClient database = portal.getBean(JdbcClient.class);
				long[] before = databaseWork(database);
				Map<String, long[]> tablesBefore = tableReads(database);
				LoadRun.Result result = LoadRun.run(scenario, users, warmUp, duration, 0);
				long[] after = settled(database);
				String mostRead = mostRead(tablesBefore, tableReads(database));
				long requests = result.setUp().rows().stream().mapToLong(Measurements.Row::count).sum()
						+ result.measured().rows().stream().mapToLong(Measurements.Row::count).sum();
				long requestsInWarmUp = Math.round(result.measured().rows().stream()
					.mapToDouble(Measurements.Row::perSecond).sum() * warmUp.toSeconds());
				long all = Math.max(1, requests + requestsInWarmUp);
				databaseNotes.put(scenario.name(), String.format(Locale.ROOT,
						"Database work per request (set-up, warm-up and measured period together, so approximate): "
								+ "%.1f transactions committed, %.0f rows read. Most rows read from: %s.",
						(after[0] - before[0]) / (double) all, (after[1] - before[1]) / (double) all, mostRead));
				results.add(result);
				result.measured().counts().forEach((operation, counts) -> System.err.printf(Locale.ROOT,
						"  %-40s %,9d requests %,6d errors%n", operation, counts[0], counts[1]));
				result.measured().unexpectedAnswers().forEach((answer, count) -> System.err.printf(Locale.ROOT,
						"  unexpected: %s × %,d%n", answer, count));
			}
			String loaded = memory("after the load");
			nz.tiaki.audit.AuditTrail audit = portal.getBean(nz.tiaki.audit.AuditTrail.class);
			audit.sealNow();
			nz.tiaki.audit.AuditVerification chain = audit.verify(List.of());
			long unexpected = results.stream()
				.mapToLong(r -> r.measured().unexpectedAnswers().values().stream().mapToLong(Long::longValue).sum())
				.sum();
			System.err.printf(Locale.ROOT, "audit chain after the load: %s; unexpected answers: %,d%n", chain, unexpected);
			failed = !chain.intact() || unexpected > 0;
			JdbcClient jdbc = portal.getBean(JdbcClient.class);
			String postgres = jdbc.sql("show server_version").query(String.class).single();
			long auditEvents = jdbc.sql("select count(*) from audit_event").query(Long.class).single() - eventsBefore;
			String command = "scripts/load " + String.join(" ", args);
			String notes = String.format(Locale.ROOT, """
					The harness, the portal and its PostgreSQL share this machine's cores, so the client's own \
					work is part of every figure. %s Every read passes the \
					gate, is audited and counted by the guard as in production; the guard's thresholds are set \
					out of reach so that the same people reading again and again are not stopped as the \
					exfiltration they would be.

					Start-up of the portal (embedded PostgreSQL initialised, migrations, clamd started): \
					%,d ms. Memory %s; %s. The run wrote %,d audit events.""", pacing(), startUpMillis, idle,
					loaded, auditEvents);
			String machine = machine(postgres);
			String report = LoadReport.write(out, options.getOrDefault("report", "load"), results, command, machine, notes,
					databaseNotes);
			System.out.println(report);
		}
		finally {
			portal.close();
		}
		if (failed) {
			System.err.println("The load run had unexpected answers or the audit chain did not verify.");
			System.exit(1);
		}
	}

	private static String pacing() {
		if (Scenarios.thinkMillis == 0) {
			return "Users are closed loops with no pause between requests: the figures are those of a portal "
					+ "kept busy, not of people reading pages.";
		}
		return String.format(Locale.ROOT, "Each user pauses before every request for %,d ms on average (between "
				+ "half and one and a half times that), as a person reading a page does: the figures are those of "
				+ "that many people using the portal at once, not of a portal kept saturated.", Scenarios.thinkMillis);
	}

	/** @return transactions committed and rows read by the portal's database so far */
	private static long[] databaseWork(JdbcClient jdbc) {
		return jdbc.sql("select xact_commit, tup_returned + tup_fetched from pg_stat_database "
				+ "where datname = current_database()").query((rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) }).single();
	}

	/**
	 * @return the database's work once its statistics stop moving: each connection reports
	 * its counts a moment after its last transaction
	 */
	private static long[] settled(JdbcClient jdbc) {
		long[][] last = { databaseWork(jdbc) };
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.pollDelay(Duration.ofMillis(500))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> {
				long[] now = databaseWork(jdbc);
				boolean still = java.util.Arrays.equals(now, last[0]);
				last[0] = now;
				return still;
			});
		return last[0];
	}

	/** @return per table: rows read by sequential scans, rows fetched through indexes */
	private static Map<String, long[]> tableReads(JdbcClient jdbc) {
		Map<String, long[]> reads = new LinkedHashMap<>();
		jdbc.sql("select relname, coalesce(seq_tup_read, 0), coalesce(idx_tup_fetch, 0) from pg_stat_user_tables")
			.query((rs, n) -> reads.put(rs.getString(1), new long[] { rs.getLong(2), rs.getLong(3) }))
			.list();
		return reads;
	}

	private static String mostRead(Map<String, long[]> before, Map<String, long[]> after) {
		return after.entrySet()
			.stream()
			.map((e) -> {
				long[] was = before.getOrDefault(e.getKey(), new long[2]);
				return Map.entry(e.getKey(), new long[] { e.getValue()[0] - was[0], e.getValue()[1] - was[1] });
			})
			.sorted((a, b) -> Long.compare(b.getValue()[0] + b.getValue()[1], a.getValue()[0] + a.getValue()[1]))
			.limit(3)
			.map((e) -> String.format(Locale.ROOT, "`%s` (%,d by sequential scan, %,d through indexes)", e.getKey(),
					e.getValue()[0], e.getValue()[1]))
			.collect(java.util.stream.Collectors.joining(", "));
	}

	private static String memory(String when) {
		System.gc();
		long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		String rss = "";
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmRSS:")) {
					rss = ", process resident " + Long.parseLong(line.replaceAll("\\D", "")) / 1024 + " MiB";
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			rss = "";
		}
		return String.format(Locale.ROOT, "%s: heap in use %,d MiB%s (harness and portal in one JVM)", when,
				heap / (1024 * 1024), rss);
	}

	static String machine(String postgres) {
		String cpu = "unknown CPU";
		try {
			cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).strip())
				.findFirst()
				.orElse(cpu);
		}
		catch (IOException ex) {
			// not Linux: the model stays unknown
		}
		long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getTotalMemorySize();
		return String.format(Locale.ROOT, "%d × %s, %d GiB, OpenJDK %s (max heap %d MiB), PostgreSQL %s, %s",
				Runtime.getRuntime().availableProcessors(), cpu, Math.round(memory / (1024.0 * 1024 * 1024)),
				System.getProperty("java.version"), Runtime.getRuntime().maxMemory() / (1024 * 1024), postgres,
				LocalDate.now());
	}

	/**
	 * Starts the portal on loopback on an embedded PostgreSQL kept in {@code work} (made there
	 * if it is not there yet), with the guard's thresholds out of reach (it still checks and
	 * counts every read) and long-lived app tokens.
	 */
	static ConfigurableApplicationContext startPortal(Path work, int port, MutableClock clock) {
		String origin = "http://127.0.0.1:" + port;
		return new SpringApplicationBuilder(TiakiApplication.class)
			.initializers((context) -> context.getBeanFactory().registerSingleton("harnessClock", clock))
			.run("--server.port=" + port, "--server.address=127.0.0.1", "--tiaki.web.origin=" + origin,
					"--tiaki.db.embedded-dir=" + work.resolve("postgres"),
					"--tiaki.vault.master-key-file=" + work.resolve("keys/master.json"),
					"--tiaki.audit.signing-key-file=" + work.resolve("keys/audit.json"), "--tiaki.demo.enabled=false",
					"--tiaki.scanning.embedded-dir=" + work.resolve("clamav"),
					"--tiaki.scanning.signatures=" + work.resolve("no-signatures"),
					// the guard still checks and counts every read; only its thresholds are out of reach
					"--tiaki.guard.documents-before-step-up=100000000", "--tiaki.guard.documents-before-lock=100000000",
					"--tiaki.guard.patients-before-reason=100000000", "--tiaki.guard.bytes-before-lock=1TB",
					"--tiaki.apps.access-token-lifetime=2h", "--spring.mail.host=127.0.0.1",
					"--spring.mail.port=" + freePortQuietly(), "--tiaki.notifications.poll-interval=1h",
					"--logging.level.root=warn");
	}

	private static int freePortQuietly() {
		try {
			return freePort();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("options look like --name=value, not " + arg);
			}
			int equals = arg.indexOf('=');
			options.put(equals < 0 ? arg.substring(2) : arg.substring(2, equals), equals < 0 ? "" : arg.substring(equals + 1));
		}
		return options;
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
