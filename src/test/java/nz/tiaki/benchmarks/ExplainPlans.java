package nz.tiaki.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The query plans of the audit log's hot queries on a large log: generates the events (and
 * chains all but the newest 500, as a running sealer would have), then runs each query the
 * guard and the sealer run on every request or every 200 ms, and a breach trace's, with
 * {@code EXPLAIN (ANALYZE, BUFFERS)}, and writes the plans to
 * {@code docs/benchmarks/explain-plans.md}. The query texts are those of {@code GuardStore},
 * {@code AuditTrail} and {@code AuditSealer}, with a session, an account and
 * a patient of the generated data (and a budget row for the session, as 100 documents opened
 * in the hour leave it). First comes the download's own statement, as the portal ran it,
 * with its values ({@link DownloadStatementPlan}).
 * <p>
 * {@code scripts/explain [EVENTS]} (10,000,000 by default).
 */
public final class ExplainPlans {

	/** Downloads made in one session before its statement is explained: about half of the heaviest hour's. */
	private static final int DOWNLOADS = 50;

	private ExplainPlans() {
	}

	public static void main(String[] args) throws Exception {
		int events = args.length > 0 ? Integer.parseInt(args[0].replace("_", "").replace(",", "")) : 10_000_000;
		// the guard's limits out of reach of the downloads made for the download's own statement
		try (ConfigurableApplicationContext portal = BenchmarkPortal.start("--tiaki.audit.seal-interval=1h",
				"--tiaki.guard.documents-before-step-up=100000000", "--tiaki.guard.documents-before-lock=100000000",
				"--tiaki.guard.bytes-before-lock=1TB")) {
			JdbcTemplate jdbc = portal.getBean(JdbcTemplate.class);
			double seconds = AuditGenerator.generate(jdbc, events);
			System.out.printf("%ngenerated %,d audit events in %.1f s%n", events, seconds);
			long started = System.nanoTime();
			jdbc.update("""
					insert into audit_chain (seq, event_id, hash)
					select row_number() over (order by id), id, '\\x00'::bytea from audit_event
					where id <= (select max(id) - 500 from audit_event)
					""");
			jdbc.execute("analyze audit_chain");
			System.out.printf("chained all but the newest 500 in %.1f s%n", (System.nanoTime() - started) / 1e9);

			String session = "s4242";
			String account = "00000000-0000-0000-0000-" + String.format("%012x", 42);
			String patient = "00000000-0000-0000-0002-" + String.format("%012x", (42 * 7919) % 200000);
			long tip = jdbc.queryForObject("select max(event_id) from audit_chain", Long.class);
			Map<String, String> queries = new LinkedHashMap<>();
			queries.put("Sealer: the highest event id chained, and the events past it (every 200 ms)",
					"select e.id from audit_event e where e.id > (select max(event_id) from audit_chain)"
							+ " order by e.id limit 5000");
			queries.put("Sealer: looking back for events not yet chained above the settled id, here 20,000 ids back (every 5 s)",
					"select e.id from audit_event e where e.id > " + (tip - 20_000)
							+ " and not exists (select 1 from audit_chain c where c.event_id = e.id and c.event_id > "
							+ (tip - 20_000) + ") order by e.id limit 1000");
			queries.put("Sealer's look-back as it was before the chained side was bounded (for comparison)",
					"select e.id from audit_event e where e.id > " + (tip - 20_000)
							+ " and not exists (select 1 from audit_chain c where c.event_id = e.id) order by e.id limit 1000");
			String lock = "select 1 from guard_lock where lifted_at is null and (session_ref = '" + session
					+ "' or account_id = '" + account + "')";
			// the session's budget row as a session that opened 100 documents in the hour leaves it
			jdbc.update("insert into read_budget (whose, opened_at, sizes, charged_at) select ?, array_agg(now() - n * "
					+ "interval '30 seconds' order by n desc), array_agg(250000::bigint), now() from generate_series(0, 99) n",
					session);
			queries.put("Guard: a download — lock, and the documents the session opened in the hour and in the last "
					+ "5 minutes and the bytes they held, from its budget row (every download; the same statement "
					+ "then charges the row)",
					"select exists (" + lock + "), count(*) filter (where e.at >= now() - interval '1 hour'),"
							+ " count(*) filter (where e.at >= now() - interval '5 minutes'),"
							+ " coalesce(sum(e.size) filter (where e.at >= now() - interval '1 hour'), 0)"
							+ " from read_budget b cross join unnest(b.opened_at, b.sizes) with ordinality as e(at, size, n)"
							+ " where b.whose = '" + session + "'");
			queries.put("Guard: refusals of a session in the last hour (when a read is refused)",
					"select count(*) from audit_event where occurred_at >= now() - interval '1 hour'"
							+ " and category = 'ACCESS' and decision = 'DENY' and session_ref = '" + session + "'");
			queries.put("Tracing: a session's access decisions in a period (breach scoping)",
					"select occurred_at, account_id, action, decision, object_ref from audit_event where session_ref = '"
							+ session + "' and occurred_at >= now() - interval '30 days' and occurred_at < now()"
							+ " and category = 'ACCESS' order by occurred_at, id");
			queries.put("Guard: distinct patients an account touched in the last hour (every staff read)",
					"select count(distinct patient_id) from audit_event where account_id = '" + account + "'"
							+ " and occurred_at >= now() - interval '1 hour' and decision = 'ALLOW'"
							+ " and patient_id is not null and (object_ref is null or object_ref <> 'list')");
			queries.put("Guard: has the account touched this patient in the last hour (every staff read)",
					"select count(*) from audit_event where account_id = '" + account + "' and patient_id = '" + patient
							+ "' and occurred_at >= now() - interval '1 hour' and decision = 'ALLOW'"
							+ " and (object_ref is null or object_ref <> 'list')");
			queries.put("A patient's access history: the newest 200 decisions about them (\"who has seen my record\")",
					"select occurred_at, action, decision from audit_event where patient_id = '" + patient + "'"
							+ " order by occurred_at desc limit 200");

			List<String> sections = new ArrayList<>();
			List<String> scans = new ArrayList<>();
			for (Map.Entry<String, String> query : queries.entrySet()) {
				jdbc.queryForList("explain (analyze, buffers) " + query.getValue()); // warm the caches once
				List<String> plan = jdbc.queryForList("explain (analyze, buffers) " + query.getValue(), String.class);
				String text = String.join("\n", plan);
				boolean comparison = query.getKey().contains("for comparison");
				if (!comparison && (text.contains("Seq Scan on audit_event") || text.contains("Seq Scan on audit_chain"))) {
					scans.add(query.getKey());
				}
				sections.add("### " + query.getKey() + "\n\n    " + query.getValue() + "\n\n```\n" + text + "\n```\n");
			}
			String[] download = DownloadStatementPlan.explain(portal, DOWNLOADS);
			if (download[1].contains("Seq Scan on audit_event") || download[1].contains("Seq Scan on audit_chain")) {
				scans.add("the download's statement");
			}
			sections.add(0, "### A download: the guard's charge and verdict, the decision's record and the document's row, "
					+ "one statement (every download)\n\nThe statement as the portal ran it, with the values of its "
					+ DOWNLOADS + "th download in one session (" + DOWNLOADS + " entries on the session's budget row), "
					+ "once more. Its planning time is this one run's: the portal's connections prepare the statement "
					+ "once and reuse its generic plan.\n\n    " + download[0].replaceAll("\\s+", " ") + "\n\n```\n" + download[1]
					+ "\n```\n");
			String postgres = jdbc.queryForObject("show server_version", String.class);
			String report = String.format(Locale.ROOT, """
					# Query plans of the audit log's hot queries, %,d events

					    scripts/explain %d

					Machine: %d cores (%s), %s, JDK %s, embedded PostgreSQL %s, %s. The generator \
					(`AuditGenerator`, shared with the scoping benchmark) wrote %,d events in %.0f s; all but \
					the newest 500 were then chained, as a running sealer would have left them. Each query \
					ran once to warm the caches, then under `EXPLAIN (ANALYZE, BUFFERS)`; the texts are \
					those of `GuardStore`, `AuditTrail` and `AuditSealer` for one session, one account and one patient \
					of the generated data, but the first, a download's statement, which is the portal's own, with \
					its values, as it ran.

					%s

					%s""", events, events, Runtime.getRuntime().availableProcessors(),
					System.getProperty("os.arch"), System.getProperty("os.name"), System.getProperty("java.version"),
					postgres, LocalDate.now(), events, seconds,
					scans.isEmpty() ? "**No query reads `audit_event` or `audit_chain` by a sequential scan.**"
							: "**Sequential scans of the audit tables remain in:** " + String.join("; ", scans) + ".",
					String.join("\n", sections));
			Path out = Path.of("docs/benchmarks/explain-plans.md");
			Files.writeString(out, report, StandardCharsets.UTF_8);
			System.out.println(report);
			System.out.println("Written to " + out);
		}
	}

}
