package nz.tiaki.load;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import ca.uhn.fhir.context.FhirContext;
import nz.tiaki.access.Grant;
import nz.tiaki.access.GeneratorGrants;
import nz.tiaki.audit.AuditTrail;
import nz.tiaki.clinics.Practices;
import nz.tiaki.documents.GeneratedDocuments;
import nz.tiaki.identity.GeneratedAccounts;
import nz.tiaki.patients.GeneratedIdentity;
import nz.tiaki.patients.NewPatient;
import nz.tiaki.patients.Nhi;
import nz.tiaki.patients.Patients;
import nz.tiaki.records.Category;
import nz.tiaki.records.GeneratedEntries;
import nz.tiaki.records.NewEntries;
import nz.tiaki.records.Records;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;
import nz.tiaki.support.MutableClock;
import nz.tiaki.support.TestFiles;
import nz.tiaki.vault.GeneratedKeys;
import nz.tiaki.vault.Vault;
import org.hl7.fhir.r4.model.Resource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Loads a synthetic population into a portal's database, fast: practices through the
 * portal's own facade, then patients with their own data keys, identities, enrolments,
 * record entries, documents (small real PDFs and PNGs) and portal accounts written with
 * PostgreSQL COPY, sealed by the real vault exactly as the portal seals them; then audit
 * events by {@code generate_series}, sealed into the chain by the portal's own sealer.
 * Progress and rates go to standard error; the summary (rows per second for each part) to
 * standard output. A sample of what was written is opened again at the end, through the
 * portal's own readers, so a format drift cannot pass unnoticed.
 *
 * <p>NHI numbers come from the test range (starting with Z), which holds 1,906,037 valid
 * numbers; those starting ZZ are left for hand-made test patients, so 1,884,218 is the most
 * patients it makes. Everyone is synthetic.
 */
public final class PopulationGenerator {

	private static final String LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";

	/** New-format test NHIs (ZxxNNxC: every base has a check letter) come first. */
	private static final long NEW_FORMAT = 24L * 24 * 100 * 24;

	/**
	 * Old-format test bases the generator uses: all but those starting ZZ, which are kept for
	 * the patients tests and the load harness make one at a time ({@code Fixtures.uniqueNhi}).
	 */
	private static final long OLD_BASES = 23L * 24 * 1000;

	/** Valid test-range NHIs it hands out (1,884,218). */
	static final long MOST_PATIENTS = NEW_FORMAT + OldFormat.NUMBERS.length;

	private static final String[] GIVEN = { "Aroha", "James", "Mere", "Oliver", "Ngaio", "Charlotte", "Wiremu", "Isla",
			"Tama", "Amelia", "Hemi", "Olivia", "Rangi", "Ava", "Manaia", "Mia", "Nikau", "Harper", "Kahu", "Ella" };

	private static final String[] FAMILY = { "Smith", "Ngata", "Williams", "Parata", "Brown", "Tipene", "Wilson", "Walker",
			"Taylor", "Herewini", "Anderson", "Thomas", "Te Whare", "Martin", "Clarke", "Paewai", "Thompson", "Moana" };

	private PopulationGenerator() {
	}

	public static void main(String[] args) throws Exception {
		System.setProperty("java.awt.headless", "true");
		Map<String, String> options = LoadHarness.options(args);
		if (options.containsKey("help") || !options.containsKey("work")) {
			System.out.println("""
					scripts/populate --work=DIR [--patients=1884218] [--practices=500] [--documents=500000]
					                 [--entries=3] [--audit-events=10000000] [--accounts=0.5] [--threads=2]
					Makes (or adds to) a portal database in DIR (embedded PostgreSQL and keys), which
					scripts/load --work=DIR then runs against. --entries is record entries per patient
					on average; --accounts the share of patients with a portal account.""");
			return;
		}
		List<String> summary = generate(options);
		System.out.println("Population generated in " + Path.of(options.get("work")).toAbsolutePath() + ":");
		summary.forEach(line -> System.out.println("  " + line));
		System.exit(0);
	}

	/**
	 * @param options as on the command line, {@code work} required
	 * @return the summary: what was made, how fast
	 */
	static List<String> generate(Map<String, String> options) throws Exception {
		Path work = Path.of(options.get("work")).toAbsolutePath();
		long patients = Math.min(MOST_PATIENTS, Long.parseLong(options.getOrDefault("patients", "" + MOST_PATIENTS)));
		int practiceCount = Integer.parseInt(options.getOrDefault("practices", "500"));
		long documents = Long.parseLong(options.getOrDefault("documents", "500000"));
		int entries = Integer.parseInt(options.getOrDefault("entries", "3"));
		long auditEvents = Long.parseLong(options.getOrDefault("audit-events", "10000000"));
		double accountShare = Double.parseDouble(options.getOrDefault("accounts", "0.5"));
		int threads = Integer.parseInt(options.getOrDefault("threads", "2"));
		Files.createDirectories(work);

		ConfigurableApplicationContext portal = LoadHarness.startPortal(work, LoadHarness.freePort(), new MutableClock());
		try {
			return populate(portal, patients, practiceCount, documents, entries, auditEvents, accountShare, threads)
				.summary();
		}
		finally {
			portal.close();
		}
	}

	/**
	 * What one generation made.
	 *
	 * @param summary what was made, how fast
	 * @param practices the practices made
	 * @param first the index of the first patient made (see {@link #patientId})
	 * @param patients how many patients were made
	 */
	record Result(List<String> summary, List<PracticeId> practices, long first, long patients) {
	}

	/**
	 * Generates into a running portal's database.
	 */
	static Result populate(org.springframework.context.ApplicationContext portal, long patients, int practiceCount,
			long documents, int entries, long auditEvents, double accountShare, int threads) throws Exception {
		long startedAll = System.nanoTime();
		List<String> summary = new ArrayList<>();
		{
			JdbcTemplate jdbc = portal.getBean(JdbcTemplate.class);
			long offset = jdbc.queryForObject("select count(*) from patient where id::text like '00007eed-%'", Long.class);
			if (offset > 0) {
				System.err.printf(Locale.ROOT, "%,d generated patients are already there; adding after them%n", offset);
			}

			long started = System.nanoTime();
			Practices practices = portal.getBean(Practices.class);
			List<PracticeId> practiceIds = new ArrayList<>();
			for (int i = 0; i < practiceCount; i++) {
				practiceIds.add(practices.create("Generated Practice " + (i + 1)));
				progress("practices", i + 1, practiceCount, started);
			}
			summary.add(rate("practices (through the facade)", practiceCount, started));

			long total = Math.min(patients, MOST_PATIENTS - offset);
			if (total > 0 && practiceIds.isEmpty()) {
				throw new IllegalArgumentException("patients need at least one practice (--practices)");
			}
			Material material = new Material(portal);
			long documentCount = Math.min(documents, total);
			long accountCount = Math.round(total * Math.max(0, Math.min(1, accountShare)));
			AtomicLong done = new AtomicLong();
			AtomicLong next = new AtomicLong();
			long[] written = new long[4];
			started = System.nanoTime();
			long patientsStarted = started;
			List<Thread> workers = new ArrayList<>();
			List<Throwable> problems = java.util.Collections.synchronizedList(new ArrayList<>());
			for (int t = 0; t < threads; t++) {
				Thread worker = new Thread(() -> {
					try (Connection connection = portal.getBean(DataSource.class).getConnection()) {
						CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
						Chunk chunk = new Chunk();
						while (true) {
							long from = next.getAndAdd(2_000);
							if (from >= total) {
								return;
							}
							long to = Math.min(total, from + 2_000);
							chunk.clear();
							for (long i = from; i < to; i++) {
								material.patient(offset + i, practiceIds.get((int) ((offset + i) % practiceIds.size())),
										entries, spreads(i, documentCount, total), spreads(i, accountCount, total), chunk);
							}
							chunk.copy(connection, copy);
							synchronized (written) {
								written[0] += to - from;
								written[1] += chunk.entries;
								written[2] += chunk.documents;
								written[3] += chunk.accounts;
							}
							progress("patients", done.addAndGet(to - from), total, patientsStarted);
						}
					}
					catch (Exception ex) {
						problems.add(ex);
					}
				}, "generator-" + t);
				worker.start();
				workers.add(worker);
			}
			for (Thread worker : workers) {
				worker.join();
			}
			if (!problems.isEmpty()) {
				throw new IllegalStateException("generation failed", problems.get(0));
			}
			summary.add(rate("patients (each with its own data key, identity sealed, enrolled)", written[0], started));
			summary.add(String.format(Locale.ROOT, "  with them: %,d record entries, %,d documents, %,d portal accounts",
					written[1], written[2], written[3]));

			started = System.nanoTime();
			long auditBefore = jdbc.queryForObject("select coalesce(max(id), 0) from audit_event", Long.class);
			generateAudit(jdbc, auditEvents, offset + total, started);
			summary.add(rate("audit events (generate_series)", auditEvents, started));

			started = System.nanoTime();
			AuditTrail audit = portal.getBean(AuditTrail.class);
			long unsealed;
			while ((unsealed = jdbc.queryForObject("""
					select count(*) from audit_event e where e.id > ? and not exists
					  (select 1 from audit_chain c where c.event_id = e.id)""", Long.class, auditBefore)) > 0) {
				audit.sealNow();
				progress("audit events sealed into the chain", auditEvents - unsealed, auditEvents, started);
			}
			summary.add(rate("audit events sealed into the chain", auditEvents, started));

			started = System.nanoTime();
			// as the schema owner: the portal's own role may not vacuum tables it does not own
			new JdbcTemplate(portal.getBean("ownerDataSource", DataSource.class)).execute("vacuum analyze");
			summary.add(String.format(Locale.ROOT, "vacuum analyze: %.0f s", seconds(started)));

			material.check(offset, Math.min(total, 200), jdbc);
			summary.add("sample opened again through the portal's readers: identities, record entries, documents");
			String size = jdbc.queryForObject("select pg_size_pretty(pg_database_size(current_database()))", String.class);
			summary.add("database size: " + size);
			summary.add(String.format(Locale.ROOT, "all: %.0f s", seconds(startedAll)));
			return new Result(summary, practiceIds, offset, total);
		}
	}

	/**
	 * The audit log of a busy practice network: decisions over the last 90 days by 50,000
	 * sessions of 20,000 accounts about the generated patients, one in seventeen refused, a
	 * third of them document downloads.
	 */
	private static void generateAudit(JdbcTemplate jdbc, long events, long patients, long started) {
		long batch = 1_000_000;
		for (long done = 0; done < events; done += batch) {
			long upTo = Math.min(events, done + batch);
			jdbc.update("""
					insert into audit_event (occurred_at, category, event_type, account_id, actor_kind, actor_id,
					  patient_id, action, purpose, decision, reason, object_ref, session_ref, source_address)
					select now() - (g % 7776000) * interval '1 second', 'ACCESS', 'ACCESS_DECISION',
					  ('00007eed-0000-4000-9000-' || lpad(to_hex(g % 20000), 12, '0'))::uuid, 'PATIENT',
					  ('00007eed-0000-4000-8000-' || lpad(to_hex(((g * 7919) % ?) ), 12, '0'))::uuid,
					  ('00007eed-0000-4000-8000-' || lpad(to_hex(((g * 7919) % ?) ), 12, '0'))::uuid,
					  case when g % 3 = 0 then 'READ_DOCUMENT' else 'READ_SUMMARY' end, 'SELF_SERVICE',
					  case when g % 17 = 0 then 'DENY' else 'ALLOW' end, 'self',
					  case when g % 3 = 0 then 'download:' || gen_random_uuid() end,
					  'g' || (g % 50000), '10.' || (g % 250) || '.' || (g % 200) || '.' || (g % 100)
					from generate_series(?::bigint, ?::bigint) g
					""", patients, patients, done, upTo - 1);
			progress("audit events", upTo, events, started);
		}
	}

	/** Whether the i-th of {@code total} is one of {@code count} spread evenly among them. */
	private static boolean spreads(long i, long count, long total) {
		return (i + 1) * count / total > i * count / total;
	}

	static UUID patientId(long g) {
		return UUID.fromString(String.format(Locale.ROOT, "00007eed-0000-4000-8000-%012x", g));
	}

	/** The g-th valid NHI of the test range: new format first, then the old. */
	static Nhi nhi(long g) {
		if (g < NEW_FORMAT) {
			long rest = g;
			char sixth = LETTERS.charAt((int) (rest % 24));
			rest /= 24;
			int digits = (int) (rest % 100);
			rest /= 100;
			char third = LETTERS.charAt((int) (rest % 24));
			char second = LETTERS.charAt((int) (rest / 24));
			String base = "Z" + second + third + String.format(Locale.ROOT, "%02d", digits) + sixth;
			int sum = (LETTERS.indexOf('Z') + 1) * 7 + (LETTERS.indexOf(second) + 1) * 6 + (LETTERS.indexOf(third) + 1) * 5
					+ (digits / 10) * 4 + (digits % 10) * 3 + (LETTERS.indexOf(sixth) + 1) * 2;
			return new Nhi(base + LETTERS.charAt(23 - sum % 23 - 1));
		}
		// old format: walk the bases whose check digit exists, in order (computed once)
		return OldFormat.NUMBERS[(int) (g - NEW_FORMAT)];
	}

	private static final class OldFormat {

		static final Nhi[] NUMBERS = build();

		private static Nhi[] build() {
			List<Nhi> valid = new ArrayList<>();
			for (int b = 0; b < OLD_BASES; b++) {
				String base = "Z" + LETTERS.charAt(b / 24000) + LETTERS.charAt(b / 1000 % 24)
						+ String.format(Locale.ROOT, "%03d", b % 1000);
				int sum = (LETTERS.indexOf(base.charAt(0)) + 1) * 7 + (LETTERS.indexOf(base.charAt(1)) + 1) * 6
						+ (LETTERS.indexOf(base.charAt(2)) + 1) * 5 + (base.charAt(3) - '0') * 4
						+ (base.charAt(4) - '0') * 3 + (base.charAt(5) - '0') * 2;
				if (sum % 11 != 0) {
					valid.add(new Nhi(base + (11 - sum % 11) % 10));
				}
			}
			return valid.toArray(Nhi[]::new);
		}

	}

	/** What is sealed and written for each patient, made once and reused. */
	private static final class Material {

		private final Vault vault;

		private final GeneratedKeys keys;

		private final GeneratedIdentity identities;

		private final GeneratedEntries entries;

		private final GeneratedDocuments documents;

		private final GeneratedAccounts accounts;

		private final String passwordHash;

		private final byte[][] files;

		private final org.springframework.context.ApplicationContext portal;

		Material(org.springframework.context.ApplicationContext portal) throws IOException {
			this.portal = portal;
			this.vault = portal.getBean(Vault.class);
			this.keys = new GeneratedKeys(this.vault);
			this.identities = new GeneratedIdentity(this.vault);
			this.entries = new GeneratedEntries(portal.getBean(Records.class), this.vault, portal.getBean(FhirContext.class));
			this.documents = new GeneratedDocuments(this.vault);
			this.accounts = GeneratedAccounts.of(portal);
			this.passwordHash = GeneratedAccounts.unusablePasswordHash(portal);
			this.files = new byte[][] { TestFiles.pdf("Discharge summary: admitted with chest pain, discharged well."),
					TestFiles.pdf("Referral to the orthopaedic clinic for review of the left knee."),
					TestFiles.pdf("Results: full blood count and electrolytes within normal limits."),
					TestFiles.noisePng(100) };
		}

		void patient(long g, PracticeId practice, int entriesEach, boolean document, boolean account, Chunk chunk) {
			UUID id = patientId(g);
			PatientId patient = new PatientId(id);
			GeneratedKeys.NewKey key = this.keys.forPatient(patient);
			GeneratedKeys.Sealer sealer = key.sealer();
			chunk.key.append("PATIENT,").append(id).append(",\"").append(key.wrapped().replace("\"", "\"\""))
				.append("\",").append(key.masterKeyId()).append(',').append(Instant.now()).append('\n');
			String given = GIVEN[(int) (g % GIVEN.length)];
			String family = FAMILY[(int) (g / GIVEN.length % FAMILY.length)];
			LocalDate born = LocalDate.of(1930 + (int) (g % 90), 1 + (int) (g % 12), 1 + (int) (g % 28));
			String email = account ? "person" + g + "@generated.example.org" : null;
			byte[][] identity = this.identities.row(sealer, patient, new NewPatient(nhi(g), given, family, born, email));
			Instant enrolled = Instant.now().minusSeconds(60 * (g % 5_000_000));
			chunk.patient.append(id).append(',').append(hex(identity[0])).append(',').append(hex(identity[1])).append(',')
				.append(hex(identity[2])).append(',').append(hex(identity[3])).append('\n');
			chunk.enrolment.append(practice.value()).append(',').append(id).append(',').append(enrolled).append('\n');
			int count = (int) (g % (2L * entriesEach + 1));
			for (int e = 0; e < count; e++) {
				UUID entry = UUID.randomUUID();
				Category category = Category.values()[(int) ((g + e) % Category.values().length)];
				Resource resource = NewEntries.build(category, entryName(category, g + e), "Generated entry", "4.1",
						"mmol/L", "3.5", "5.2");
				Instant recorded = enrolled.plusSeconds(86_400L * e);
				chunk.entry.append(entry).append(',').append(id).append(',').append(practice.value()).append(',')
					.append(category.name()).append(',').append(recorded).append(',')
					.append(category.needsRelease() ? recorded.toString() : "").append(',')
					.append(hex(this.entries.sealed(sealer, patient, entry, resource))).append('\n');
				chunk.entries++;
			}
			if (document) {
				UUID doc = UUID.randomUUID();
				int which = (int) (g % this.files.length);
				boolean image = which == this.files.length - 1;
				String title = image ? "Photo of the rash" : new String[] { "Discharge summary", "Referral letter", "Blood results" }[which];
				byte[][] sealed = GeneratedDocuments.sealed(sealer, doc, title, image ? "photo.png" : "letter.pdf",
						this.files[which]);
				chunk.document.append(doc).append(',').append(id).append(',').append(image ? "" : practice.value())
					.append(',').append(image ? "PATIENT" : "PRACTICE").append(',')
					.append(image ? "PATIENT_UPLOAD" : new String[] { "DISCHARGE_SUMMARY", "REFERRAL", "RESULT" }[which])
					.append(',').append(image ? "image/png" : "application/pdf").append(',')
					.append(this.files[which].length).append(',').append(hex(sealed[0])).append(',').append(hex(sealed[1]))
					.append(',').append(hex(sealed[2])).append(',').append(enrolled.plusSeconds(3_600)).append('\n');
				chunk.documents++;
			}
			if (account) {
				UUID accountId = UUID.nameUUIDFromBytes(("account-" + g).getBytes(java.nio.charset.StandardCharsets.UTF_8));
				byte[][] name = this.accounts.row(accountId, email);
				chunk.account.append(accountId).append(',').append(hex(name[0])).append(',').append(hex(name[1])).append(',')
					.append('"').append(this.passwordHash).append('"').append(",PATIENT,").append(id).append(',')
					.append(enrolled).append(',').append(enrolled).append('\n');
				chunk.accounts++;
			}
		}

		private static String entryName(Category category, long n) {
			return switch (category) {
				case CONDITION -> new String[] { "Asthma", "Type 2 diabetes", "Hypertension", "Gout" }[(int) (n % 4)];
				case MEDICATION -> new String[] { "Metformin 500 mg", "Salbutamol inhaler", "Amlodipine 5 mg" }[(int) (n % 3)];
				case ALLERGY -> new String[] { "Penicillin", "Peanuts", "Latex" }[(int) (n % 3)];
				case IMMUNISATION -> new String[] { "Influenza", "Tetanus booster", "MMR" }[(int) (n % 3)];
				case RESULT -> new String[] { "Potassium", "Sodium", "HbA1c" }[(int) (n % 3)];
				case NOTE -> "Consultation";
			};
		}

		/**
		 * Opens generated patients again: identities through the portal's own reader, and
		 * their record entries and documents with the vault as the portal opens them.
		 */
		void check(long from, long count, JdbcTemplate jdbc) {
			Patients patients = this.portal.getBean(Patients.class);
			int entriesOpened = 0;
			int documentsOpened = 0;
			for (long g = from; g < from + count; g++) {
				UUID id = patientId(g);
				Grant grant = GeneratorGrants.toSeal(new PatientId(id));
				var found = patients.find(grant).orElseThrow(() -> new IllegalStateException("a generated patient is missing"));
				if (!found.nhi().equals(nhi(g))) {
					throw new IllegalStateException("a generated identity does not read back");
				}
				for (Map<String, Object> row : jdbc.queryForList(
						"select id, content_sealed from clinical_entry where patient_id = ?", id)) {
					this.entries.open(grant, (UUID) row.get("id"), (byte[]) row.get("content_sealed"));
					entriesOpened++;
				}
				for (Map<String, Object> row : jdbc.queryForList(
						"select id, content_sealed, size_bytes from document where patient_id = ?", id)) {
					byte[] content = this.documents.open(grant, (UUID) row.get("id"), (byte[]) row.get("content_sealed"));
					if (content.length != ((Number) row.get("size_bytes")).longValue()) {
						throw new IllegalStateException("a generated document does not read back");
					}
					documentsOpened++;
				}
			}
			System.err.printf(Locale.ROOT, "opened again: %d patients, %d record entries, %d documents%n", count,
					entriesOpened, documentsOpened);
		}

		private static String hex(byte[] bytes) {
			return bytes == null ? "" : "\\x" + HexFormat.of().formatHex(bytes);
		}

	}

	/** One batch of rows as CSV, written by COPY in one transaction. */
	private static final class Chunk {

		final StringBuilder key = new StringBuilder();

		final StringBuilder patient = new StringBuilder();

		final StringBuilder enrolment = new StringBuilder();

		final StringBuilder entry = new StringBuilder();

		final StringBuilder document = new StringBuilder();

		final StringBuilder account = new StringBuilder();

		long entries;

		long documents;

		long accounts;

		void clear() {
			this.key.setLength(0);
			this.patient.setLength(0);
			this.enrolment.setLength(0);
			this.entry.setLength(0);
			this.document.setLength(0);
			this.account.setLength(0);
			this.entries = 0;
			this.documents = 0;
			this.accounts = 0;
		}

		void copy(Connection connection, CopyManager copy) throws Exception {
			connection.setAutoCommit(false);
			copy.copyIn("copy vault_key (owner_kind, owner_id, wrapped, master_key_id, created_at) from stdin (format csv)",
					new StringReader(this.key.toString()));
			copy.copyIn("copy patient (id, nhi_index, email_index, name_birth_index, identity_sealed) from stdin (format csv)",
					new StringReader(this.patient.toString()));
			copy.copyIn("copy enrolment (practice_id, patient_id, enrolled_at) from stdin (format csv)",
					new StringReader(this.enrolment.toString()));
			copy.copyIn("copy clinical_entry (id, patient_id, practice_id, category, recorded_at, released_at, "
					+ "content_sealed) from stdin (format csv)", new StringReader(this.entry.toString()));
			copy.copyIn("copy document (id, patient_id, practice_id, source, kind, media_type, size_bytes, title_sealed, "
					+ "filename_sealed, content_sealed, created_at) from stdin (format csv)",
					new StringReader(this.document.toString()));
			copy.copyIn("copy account (id, username_index, username_sealed, password_hash, holder_kind, holder_id, "
					+ "created_at, password_changed_at) from stdin (format csv)", new StringReader(this.account.toString()));
			connection.commit();
			connection.setAutoCommit(true);
		}

	}

	private static void progress(String what, long done, long of, long started) {
		double seconds = seconds(started);
		double rate = done / Math.max(seconds, 1e-3);
		long left = rate > 0 ? Math.round((of - done) / rate) : 0;
		System.err.printf(Locale.ROOT, "\r%s: %,d of %,d (%d%%), %,.0f a second, about %d min %02d s to go   ", what,
				done, of, of == 0 ? 100 : done * 100 / of, rate, left / 60, left % 60);
		if (done >= of) {
			System.err.println();
		}
	}

	private static String rate(String what, long count, long started) {
		double seconds = seconds(started);
		return String.format(Locale.ROOT, "%s: %,d in %.0f s (%,.0f a second)", what, count, seconds,
				count / Math.max(seconds, 1e-3));
	}

	private static double seconds(long started) {
		return (System.nanoTime() - started) / 1e9;
	}

}
