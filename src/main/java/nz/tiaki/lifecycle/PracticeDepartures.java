package nz.tiaki.lifecycle;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import nz.tiaki.access.AccessGate;
import nz.tiaki.access.Action;
import nz.tiaki.access.Grant;
import nz.tiaki.access.Subject;
import nz.tiaki.appointments.Appointments;
import nz.tiaki.apps.Apps;
import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;
import nz.tiaki.audit.SignedStatement;
import nz.tiaki.clinics.Practices;
import nz.tiaki.documents.Documents;
import nz.tiaki.fhir.ExportHistory;
import nz.tiaki.identity.AccountHolder;
import nz.tiaki.identity.Accounts;
import nz.tiaki.messaging.Messaging;
import nz.tiaki.notifications.Notifications;
import nz.tiaki.notifications.Template;
import nz.tiaki.patients.Patients;
import nz.tiaki.patients.ProxyArrangements;
import nz.tiaki.prescriptions.Prescriptions;
import nz.tiaki.records.Records;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;
import nz.tiaki.vault.Vault;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A practice leaving the portal. An operator sets its last day; every patient with an
 * account is told at once. The practice takes its complete export through its own system
 * (FHIR bulk data, documents through the same audited links) while it still can. After the
 * last day its staff and systems lose access, and everything held only for the practice is
 * destroyed: a patient enrolled nowhere else has their data key destroyed and their
 * identity forgotten; a patient also enrolled at another practice keeps that practice's
 * data and loses only what this practice wrote. A signed deletion certificate says what
 * went, when, and which keys were destroyed. A legal hold keeps data until it is lifted.
 */
@Service
public class PracticeDepartures {

	/** The task doing the deletions, as the audit names it. */
	static final Subject DEPARTURE = Subject.system(UUID.fromString("5e7e0000-0000-4000-8000-000000000003"));

	static final ZoneId ZONE = ZoneId.of("Pacific/Auckland");

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Practices practices;

	private final Patients patients;

	private final Accounts accounts;

	private final ProxyArrangements proxies;

	private final Apps apps;

	private final AccessGate gate;

	private final Vault vault;

	private final Documents documents;

	private final Records records;

	private final Messaging messaging;

	private final Appointments appointments;

	private final Prescriptions prescriptions;

	private final Notifications notifications;

	private final ExportHistory exports;

	private final LegalHolds holds;

	private final AuditTrail audit;

	private final JsonMapper json;

	private final Clock clock;

	PracticeDepartures(JdbcClient jdbc, TransactionTemplate transactions, Practices practices, Patients patients,
			Accounts accounts, ProxyArrangements proxies, Apps apps, AccessGate gate, Vault vault, Documents documents,
			Records records, Messaging messaging, Appointments appointments, Prescriptions prescriptions,
			Notifications notifications, ExportHistory exports, LegalHolds holds, AuditTrail audit, JsonMapper json,
			Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.practices = practices;
		this.patients = patients;
		this.accounts = accounts;
		this.proxies = proxies;
		this.apps = apps;
		this.gate = gate;
		this.vault = vault;
		this.documents = documents;
		this.records = records;
		this.messaging = messaging;
		this.appointments = appointments;
		this.prescriptions = prescriptions;
		this.notifications = notifications;
		this.exports = exports;
		this.holds = holds;
		this.audit = audit;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Sets a practice's last day in the portal and tells each of its patients who has an
	 * account. Setting it again moves the day (and tells them again).
	 * @param practice the practice
	 * @param lastDay its last day (New Zealand time), after today
	 * @param operator who set it
	 * @return how many patients were told
	 * @throws IllegalArgumentException with a plain reason
	 */
	@Transactional
	public int schedule(PracticeId practice, LocalDate lastDay, String operator) {
		String name;
		try {
			name = this.practices.name(practice);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("No practice has that id.");
		}
		if (!lastDay.isAfter(LocalDate.now(this.clock.withZone(ZONE)))) {
			throw new IllegalArgumentException("The last day must be after today, so patients can be told first.");
		}
		if (completed(practice)) {
			throw new IllegalArgumentException("That practice has already left.");
		}
		Instant leaves = lastDay.plusDays(1).atStartOfDay(ZONE).toInstant();
		this.jdbc.sql("""
				insert into practice_departure (practice_id, leaves_at, scheduled_by, scheduled_at)
				values (:p, :leaves, :by, :at)
				on conflict (practice_id) do update set leaves_at = :leaves, scheduled_by = :by, scheduled_at = :at
				""")
			.param("p", practice.value())
			.param("leaves", Timestamp.from(leaves))
			.param("by", operator)
			.param("at", Timestamp.from(this.clock.instant()))
			.update();
		String date = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH).format(lastDay);
		int told = 0;
		for (PatientId patient : this.practices.enrolledAt(practice)) {
			Optional<String> address = this.accounts.addressOf(AccountHolder.patient(patient.value()));
			if (address.isPresent()) {
				this.notifications.send(address.get(), Template.PRACTICE_LEAVING,
						Map.of("practice", name, "date", date),
						"leaving:" + practice + ":" + patient + ":" + lastDay);
				told++;
			}
		}
		this.audit.record(SecurityEventType.PRACTICE_DEPARTURE_SCHEDULED, null, "practice:" + practice,
				"last-day:" + lastDay + " told:" + told);
		return told;
	}

	private boolean completed(PracticeId practice) {
		return this.jdbc.sql("select count(*) from practice_departure where practice_id = :p and completed_at is not null")
			.param("p", practice.value())
			.query(Integer.class)
			.single() > 0;
	}

	/** Where a departure stands after a run. */
	public record Outcome(boolean complete, int heldPatients, SignedStatement certificate) {
	}

	/**
	 * Completes every departure whose last day has passed. With several nodes each
	 * departure is taken by one (a lease of an hour on its row).
	 * @return the outcome for each practice handled
	 */
	public Map<PracticeId, Outcome> completeDue() {
		Instant now = this.clock.instant();
		List<PracticeId> due = this.jdbc.sql("""
				update practice_departure set lease_until = :until
				where completed_at is null and leaves_at <= :now and (lease_until is null or lease_until < :now)
				returning practice_id
				""")
			.param("now", Timestamp.from(now))
			.param("until", Timestamp.from(now.plus(java.time.Duration.ofHours(1))))
			.query(UUID.class)
			.list()
			.stream()
			.map(PracticeId::new)
			.toList();
		Map<PracticeId, Outcome> outcomes = new LinkedHashMap<>();
		for (PracticeId practice : due) {
			outcomes.put(practice, complete(practice));
		}
		return outcomes;
	}

	/** What was destroyed, patient by patient, summed. */
	private static final class Tally {

		int forgotten;

		int keptElsewhere;

		int documents;

		int entries;

		int conversations;

		int appointments;

		int repeats;

		final List<String> keysDestroyed = new ArrayList<>();

	}

	/**
	 * Ends the practice's access and destroys what was held only for it, one patient at a
	 * time (each in its own transaction, so a run that stops half-way goes on from where it
	 * stopped). Data under a legal hold stays, and the departure stays open until the hold
	 * is lifted; the certificate is made when nothing is left.
	 * @param practice a practice whose last day has passed
	 * @return whether it is complete, how many patients are held, and the certificate
	 */
	public Outcome complete(PracticeId practice) {
		Instant leftAt = this.jdbc.sql("select leaves_at from practice_departure where practice_id = :p")
			.param("p", practice.value())
			.query(Timestamp.class)
			.optional()
			.map(Timestamp::toInstant)
			.filter(at -> !at.isAfter(this.clock.instant()))
			.orElseThrow(() -> new IllegalArgumentException("That practice has no last day that has passed."));
		Optional<Instant> lastExport = this.exports.lastExport(practice);
		List<String> systems = this.transactions.execute(status -> this.apps.endPracticeSystems(practice));
		int staff = this.transactions.execute(status -> this.practices.endAllStaff(practice));
		Tally tally = new Tally();
		int held = 0;
		for (PatientId patient : this.practices.enrolledAt(practice)) {
			if (this.holds.holds(patient, practice)) {
				held++;
				continue;
			}
			this.transactions.executeWithoutResult(status -> depart(practice, patient, tally));
		}
		if (held > 0) {
			this.jdbc.sql("update practice_departure set lease_until = null where practice_id = :p")
				.param("p", practice.value())
				.update();
			this.audit.record(SecurityEventType.PRACTICE_DEPARTED, null, "practice:" + practice, "held:" + held);
			return new Outcome(false, held, null);
		}
		int times = this.transactions.execute(status -> {
			int removed = this.appointments.removePractice(practice);
			this.practices.markDeparted(practice, this.clock.instant());
			return removed;
		});
		Map<String, Object> certificate = new LinkedHashMap<>();
		certificate.put("statement", "Tiaki deletion certificate");
		certificate.put("practice", practice.toString());
		certificate.put("lastDayEndedAt", leftAt.toString());
		certificate.put("completedAt", this.clock.instant().toString());
		certificate.put("lastBulkExportRequestedAt", lastExport.map(Instant::toString).orElse(null));
		certificate.put("staffAccessEnded", staff);
		certificate.put("practiceSystemsEnded", systems);
		certificate.put("patientsForgotten", tally.forgotten);
		certificate.put("dataKeysDestroyed", tally.keysDestroyed);
		certificate.put("patientsKeptByAnotherPractice", tally.keptElsewhere);
		certificate.put("documentsRemoved", tally.documents);
		certificate.put("recordEntriesRemoved", tally.entries);
		certificate.put("conversationsRemoved", tally.conversations);
		certificate.put("appointmentsRemoved", tally.appointments);
		certificate.put("repeatRequestsRemoved", tally.repeats);
		certificate.put("bookableTimesRemoved", times);
		SignedStatement signed = this.audit.sign(this.json.writeValueAsString(certificate));
		this.jdbc.sql("update practice_departure set completed_at = :at, certificate = :c where practice_id = :p")
			.param("at", Timestamp.from(this.clock.instant()))
			.param("c", this.json.writeValueAsString(signed))
			.param("p", practice.value())
			.update();
		this.audit.record(SecurityEventType.PRACTICE_DEPARTED, null, "practice:" + practice,
				"forgotten:" + tally.forgotten + " kept-elsewhere:" + tally.keptElsewhere);
		return new Outcome(true, 0, signed);
	}

	private void depart(PracticeId practice, PatientId patient, Tally tally) {
		boolean elsewhere = this.practices.practicesOf(patient).stream().anyMatch(other -> !other.equals(practice));
		if (elsewhere) {
			tally.documents += this.documents.removePublishedBy(DEPARTURE, practice, patient);
			tally.entries += this.records.removeFrom(DEPARTURE, practice, patient);
			tally.conversations += this.messaging.removeWith(DEPARTURE, practice, patient);
			tally.appointments += this.appointments.removeFrom(DEPARTURE, practice, patient);
			tally.repeats += this.prescriptions.removeFrom(DEPARTURE, practice, patient);
			tally.keptElsewhere++;
		}
		else {
			Grant grant = this.gate.require(DEPARTURE, patient, Action.SHRED, "practice-left:" + practice);
			this.proxies.endAllOf(patient, null);
			this.accounts.closeFor(AccountHolder.patient(patient.value()));
			this.patients.forget(grant);
			if (this.vault.shred(grant)) {
				tally.keysDestroyed.add("patient:" + patient);
			}
			tally.forgotten++;
		}
		this.practices.unenrol(practice, patient);
	}

	/**
	 * @param practice a practice
	 * @return its signed deletion certificate, once it has left
	 */
	@Transactional(readOnly = true)
	public Optional<SignedStatement> certificate(PracticeId practice) {
		return this.jdbc.sql("select certificate from practice_departure where practice_id = :p and certificate is not null")
			.param("p", practice.value())
			.query(String.class)
			.optional()
			.map(text -> this.json.readValue(text, SignedStatement.class));
	}

}
