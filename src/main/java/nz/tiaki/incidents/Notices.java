package nz.tiaki.incidents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import nz.tiaki.access.AccessGate;
import nz.tiaki.access.Action;
import nz.tiaki.access.Subject;
import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;
import nz.tiaki.identity.AccountHolder;
import nz.tiaki.identity.Accounts;
import nz.tiaki.notifications.Notifications;
import nz.tiaki.notifications.Template;
import nz.tiaki.patients.PatientSummary;
import nz.tiaki.patients.Patients;
import nz.tiaki.shared.ids.PatientId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Telling people: a plain-language letter (PDF) for every affected patient, each with a code
 * for the public breach-status page, and a draft notification for the Privacy Commissioner.
 * Reading each patient's name for their letter is an access like any other, decided and
 * recorded by the gate.
 */
@Service
public class Notices {

	static final Subject RESPONDER = Subject.system(UUID.fromString("00000000-0000-0000-0000-00000000b4ea"));

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final String ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789";

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH)
		.withZone(ZoneId.of("Pacific/Auckland"));

	private static final Map<String, String> AREAS = Map.of("READ_DEMOGRAPHICS", "your name and contact details",
			"READ_SUMMARY", "your health summary (conditions, medicines, allergies, immunisations)", "READ_RESULTS",
			"your test results", "READ_NOTES", "notes from your visits", "READ_DOCUMENT", "documents",
			"DOCUMENT_LIST", "the list of your documents (their titles)");

	private final JdbcClient jdbc;

	private final Incidents incidents;

	private final AccessGate gate;

	private final Patients patients;

	private final AuditTrail audit;

	private final Clock clock;

	private final Accounts accounts;

	private final Notifications notifications;

	Notices(JdbcClient jdbc, Incidents incidents, AccessGate gate, Patients patients, AuditTrail audit, Clock clock,
			Accounts accounts, Notifications notifications) {
		this.accounts = accounts;
		this.notifications = notifications;
		this.jdbc = jdbc;
		this.incidents = incidents;
		this.gate = gate;
		this.patients = patients;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * Opens an incident and writes a letter for every patient the scope exposed, plus the
	 * draft for the Privacy Commissioner, into a folder; patients with an account are e-mailed
	 * too (sent from the outbox once this commits), with the same code.
	 * @param title what happened, in a line
	 * @param scope the suspects and window
	 * @param folder where to write the letters
	 * @return how many patients were told
	 */
	@Transactional
	public int issue(String title, Scope scope, Path folder) {
		return issueWithDraft(title, scope, folder).told();
	}

	/**
	 * What issuing notices did.
	 *
	 * @param told how many patients were written to
	 * @param draft the draft notification for the Privacy Commissioner (counts only, no names)
	 */
	public record Issued(int told, String draft) {
	}

	/**
	 * As {@link #issue}, answering the Privacy Commissioner draft too.
	 * @param title what happened, in a line
	 * @param scope the suspects and window
	 * @param folder where to write the letters
	 * @return how many were told, and the draft
	 */
	@Transactional
	public Issued issueWithDraft(String title, Scope scope, Path folder) {
		Instant now = this.clock.instant();
		UUID incident = UUID.randomUUID();
		this.jdbc.sql("insert into incident (id, title, opened_at, window_from, window_to) values (:id, :t, :now, :f, :to)")
			.param("id", incident)
			.param("t", title)
			.param("now", Timestamp.from(now))
			.param("f", Timestamp.from(scope.from()))
			.param("to", Timestamp.from(scope.to()))
			.update();
		Map<UUID, Affected> affected = affected(scope);
		String draft;
		try {
			Files.createDirectories(folder);
			Map<String, Integer> byArea = new TreeMap<>();
			for (Map.Entry<UUID, Affected> entry : affected.entrySet()) {
				String code = newCode();
				List<String> areas = new ArrayList<>(entry.getValue().areas());
				this.jdbc.sql("""
						insert into breach_notice (code_hash, incident_id, patient_id, documents, areas, issued_at)
						values (:hash, :incident, :patient, :documents, :areas, :now)
						""")
					.param("hash", digest(code))
					.param("incident", incident)
					.param("patient", entry.getKey())
					.param("documents", entry.getValue().documents())
					.param("areas", areas.toArray(String[]::new))
					.param("now", Timestamp.from(now))
					.update();
				areas.forEach(area -> byArea.merge(area, 1, Integer::sum));
				PatientId patient = new PatientId(entry.getKey());
				Optional<PatientSummary> who = this.patients
					.find(this.gate.require(RESPONDER, patient, Action.READ_DEMOGRAPHICS, "breach-notice"));
				this.accounts.addressOf(AccountHolder.patient(patient.value()))
					.ifPresent(address -> this.notifications.send(address, Template.BREACH_NOTICE,
							Map.of("from", DAY.format(scope.from()), "to", DAY.format(scope.to()), "code", code),
							"breach:" + incident + ":" + patient.value()));
				Files.write(folder.resolve("notice-" + patient + ".pdf"),
						NoticeLetters.pdf(letter(title, who.map(PatientSummary::givenName).orElse("there"), scope,
								entry.getValue(), code)));
			}
			draft = commissioner(title, now, scope, affected.size(), byArea);
			Files.writeString(folder.resolve("privacy-commissioner-draft.txt"), draft, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.audit.record(SecurityEventType.INCIDENT_SCOPED, null, "notices:" + affected.size());
		return new Issued(affected.size(), draft);
	}

	/**
	 * For the public breach-status page.
	 * @param code the code from a notice
	 * @return what the notice says, if the code is real
	 */
	@Transactional(readOnly = true)
	public Optional<NoticeStatus> status(String code) {
		return this.jdbc.sql("""
				select i.title, i.window_from, i.window_to, n.documents, n.areas from breach_notice n
				join incident i on i.id = n.incident_id where n.code_hash = :hash
				""")
			.param("hash", digest(code))
			.query((rs, n) -> new NoticeStatus(rs.getString(1), rs.getTimestamp(2).toInstant(),
					rs.getTimestamp(3).toInstant(), rs.getInt(4),
					java.util.Arrays.stream((String[]) rs.getArray(5).getArray()).map(AREAS::get).toList()))
			.optional();
	}

	private Map<UUID, Affected> affected(Scope scope) {
		Map<UUID, Affected> affected = new TreeMap<>();
		this.incidents.eachRead(scope, read -> {
			Affected one = affected.computeIfAbsent(read.patient(), k -> new Affected());
			if (!read.action().equals("READ_DOCUMENT")) {
				one.areas.add(read.action());
			}
			else if (read.deliveredDocument().isPresent()) {
				one.documentIds.add(read.deliveredDocument().get());
				one.areas.add("READ_DOCUMENT");
			}
			else if ("document-list".equals(read.objectRef())) {
				one.areas.add("DOCUMENT_LIST");
			}
		});
		affected.values().removeIf(a -> a.areas.stream().noneMatch(AREAS::containsKey));
		return affected;
	}

	private static List<String> letter(String title, String name, Scope scope, Affected affected, String code) {
		List<String> lines = new ArrayList<>();
		lines.add("Kia ora " + name + ",");
		lines.add("We are writing because some of your health information in Tiaki was seen by someone who should "
				+ "not have seen it. " + title + ".");
		lines.add("When: between " + DAY.format(scope.from()) + " and " + DAY.format(scope.to()) + ".");
		StringBuilder what = new StringBuilder("What was seen: ");
		List<String> areas = new ArrayList<>();
		for (String area : affected.areas()) {
			areas.add(area.equals("READ_DOCUMENT") ? affected.documents() + " of your documents" : AREAS.get(area));
		}
		what.append(String.join("; ", areas)).append('.');
		lines.add(what.toString());
		lines.add("What we have done: we stopped the access, ended the sessions involved and locked the accounts "
				+ "used. We have told the Privacy Commissioner.");
		lines.add("What you can do: you do not need to change anything in Tiaki. If you are worried, talk to your "
				+ "practice. You can see this information again at the Tiaki breach-status page with this code: "
				+ code + " (no sign-in needed).");
		lines.add("We are sorry this happened.");
		return lines;
	}

	private static String commissioner(String title, Instant now, Scope scope, int people, Map<String, Integer> byArea) {
		StringBuilder text = new StringBuilder();
		text.append("DRAFT notification of a privacy breach (for the Office of the Privacy Commissioner)\n\n");
		text.append("What happened: ").append(title).append('\n');
		text.append("When it happened: ").append(scope.from()).append(" to ").append(scope.to()).append('\n');
		text.append("When it was found: ").append(now).append('\n');
		text.append("How many people are affected: ").append(people).append('\n');
		text.append("What information was involved:\n");
		byArea.forEach((area, count) -> text.append("  - ").append(AREAS.get(area)).append(": ").append(count)
			.append(" people\n"));
		text.append("What was done: suspect sessions ended and accounts locked; every affected person sent a letter "
				+ "with a code for the breach-status page.\n");
		text.append("Accounts involved: ").append(scope.accounts().size()).append("; sessions involved: ")
			.append(scope.sessions().size()).append("; addresses involved: ").append(scope.addresses().size())
			.append('\n');
		return text.toString();
	}

	private static String newCode() {
		StringBuilder code = new StringBuilder();
		for (int i = 0; i < 12; i++) {
			if (i > 0 && i % 4 == 0) {
				code.append('-');
			}
			code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return code.toString();
	}

	static byte[] digest(String code) {
		String normalized = code == null ? "" : code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
		try {
			return MessageDigest.getInstance("SHA-256").digest(("breach:" + normalized).getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static final class Affected {

		final TreeSet<String> areas = new TreeSet<>();

		final java.util.Set<UUID> documentIds = new java.util.HashSet<>();

		java.util.Set<String> areas() {
			return this.areas;
		}

		int documents() {
			return this.documentIds.size();
		}

	}

	/**
	 * What a breach notice says, for the person holding its code.
	 *
	 * @param title what happened
	 * @param from when it started
	 * @param to when it ended
	 * @param documents how many of their documents were seen
	 * @param areas which parts of their information were seen, in words
	 */
	public record NoticeStatus(String title, Instant from, Instant to, int documents, List<String> areas) {
	}

}
