package nz.tiaki.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import ca.uhn.fhir.context.FhirContext;
import nz.tiaki.access.AccessGate;
import nz.tiaki.access.AccessHistory;
import nz.tiaki.access.AccessHistoryItem;
import nz.tiaki.access.Action;
import nz.tiaki.access.Grant;
import nz.tiaki.access.Subject;
import nz.tiaki.appointments.Appointment;
import nz.tiaki.appointments.Appointments;
import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;
import nz.tiaki.documents.Documents;
import nz.tiaki.messaging.Conversation;
import nz.tiaki.messaging.Messaging;
import nz.tiaki.patients.PatientSummary;
import nz.tiaki.patients.Patients;
import nz.tiaki.prescriptions.Prescriptions;
import nz.tiaki.prescriptions.Repeat;
import nz.tiaki.records.Category;
import nz.tiaki.records.Entry;
import nz.tiaki.records.EntryView;
import nz.tiaki.records.Records;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.vault.Vault;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A patient's copy of everything the portal holds of them (HIPC 2020 rule 6): their
 * details, record, documents, appointments, repeat requests, messages and who has seen
 * their record, as a FHIR R4 bundle (JSON) and as a readable PDF, with the documents
 * themselves, in one ZIP file. It is made in the background, reading as the patient through
 * the gate like any page; progress is kept so the page can show it; the file is sealed under
 * the patient's key until it is collected once, through a link bound to the session and
 * valid for a minute, or until it expires after seven days.
 */
@Service
public class DataExports {

	static final String KIND = "data-export";

	static final Duration KEPT_FOR = Duration.ofDays(7);

	static final Duration LINK_VALIDITY = Duration.ofSeconds(60);

	static final int PER_DAY = 3;

	private static final String NHI_SYSTEM = "https://standards.digital.health.nz/ns/nhi-id";

	private static final ZoneId ZONE = ZoneId.of("Pacific/Auckland");

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

	private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH);

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Logger log = LoggerFactory.getLogger(DataExports.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final TransactionTemplate ownTransaction;

	private final AccessGate gate;

	private final Vault vault;

	private final Patients patients;

	private final Records records;

	private final Documents documents;

	private final Appointments appointments;

	private final Prescriptions prescriptions;

	private final Messaging messaging;

	private final AccessHistory history;

	private final AuditTrail audit;

	private final FhirContext fhir;

	private final Clock clock;

	private final String origin;

	DataExports(JdbcClient jdbc, TransactionTemplate transactions, AccessGate gate, Vault vault, Patients patients,
			Records records, Documents documents, Appointments appointments, Prescriptions prescriptions,
			Messaging messaging, AccessHistory history, AuditTrail audit, FhirContext fhir, Clock clock,
			@org.springframework.beans.factory.annotation.Value("${tiaki.web.origin}") String origin) {
		this.origin = origin.replaceAll("/+$", "");
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.ownTransaction = new TransactionTemplate(transactions.getTransactionManager());
		this.ownTransaction.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
		this.gate = gate;
		this.vault = vault;
		this.patients = patients;
		this.records = records;
		this.documents = documents;
		this.appointments = appointments;
		this.prescriptions = prescriptions;
		this.messaging = messaging;
		this.history = history;
		this.audit = audit;
		this.fhir = fhir;
		this.clock = clock;
	}

	/** Where a copy stands. */
	public enum Status {
		WAITING, MAKING, READY, FAILED, COLLECTED, EXPIRED
	}

	/**
	 * A copy as the patient's page shows it.
	 *
	 * @param id the copy
	 * @param status where it stands
	 * @param done steps done
	 * @param total steps in all (0 until known)
	 * @param sizeBytes the file's size, once ready
	 * @param requestedAt when it was asked for
	 * @param expiresAt until when it can be collected, once ready
	 */
	public record View(UUID id, Status status, int done, int total, Long sizeBytes, Instant requestedAt,
			Instant expiresAt) {

		/**
		 * @return how far along, 0–100
		 */
		public int percent() {
			return this.status == Status.READY || this.status == Status.COLLECTED ? 100
					: this.total == 0 ? 0 : Math.min(99, this.done * 100 / this.total);
		}

		/**
		 * @return whether it is still being made
		 */
		public boolean working() {
			return this.status == Status.WAITING || this.status == Status.MAKING;
		}

	}

	private static void requireSelf(Subject self) {
		if (self.kind() != Subject.Kind.PATIENT || self.accountId() == null) {
			throw new DataExportRefused("Only the patient can ask for a copy of their own information.");
		}
	}

	/**
	 * Asks for a copy. A copy still being made, or ready and not yet collected, is returned
	 * instead of a new one; at most three a day.
	 * @param self the patient, signed in as themselves
	 * @return the copy
	 * @throws DataExportRefused when the day's limit is reached
	 */
	@Transactional
	public UUID request(Subject self) {
		requireSelf(self);
		PatientId patient = new PatientId(self.id());
		this.gate.require(self, patient, Action.EXPORT_DATA, "request");
		Optional<View> current = latest(self).filter(view -> view.working() || view.status() == Status.READY);
		if (current.isPresent()) {
			return current.get().id();
		}
		Instant now = this.clock.instant();
		int today = this.jdbc.sql("select count(*) from data_export where patient_id = :p and requested_at > :since")
			.param("p", patient.value())
			.param("since", Timestamp.from(now.minus(Duration.ofDays(1))))
			.query(Integer.class)
			.single();
		if (today >= PER_DAY) {
			throw new DataExportRefused("You have asked for " + PER_DAY + " copies in the last day. Please try again "
					+ "tomorrow.");
		}
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into data_export (id, patient_id, account_id, requested_at, status)
				values (:id, :p, :a, :at, 'WAITING')
				""")
			.param("id", id)
			.param("p", patient.value())
			.param("a", self.accountId())
			.param("at", Timestamp.from(now))
			.update();
		this.audit.record(SecurityEventType.DATA_EXPORT_REQUESTED, self.accountId(), "export:" + id);
		return id;
	}

	/**
	 * @param self the patient
	 * @return their latest copy, if any
	 */
	@Transactional(readOnly = true)
	public Optional<View> latest(Subject self) {
		requireSelf(self);
		return this.jdbc.sql("""
				select id, status, done, total, size_bytes, requested_at, expires_at from data_export
				where patient_id = :p order by requested_at desc limit 1
				""")
			.param("p", self.id())
			.query((rs, n) -> new View(rs.getObject(1, UUID.class), Status.valueOf(rs.getString(2)), rs.getInt(3),
					rs.getInt(4), rs.getObject(5) == null ? null : rs.getLong(5), rs.getTimestamp(6).toInstant(),
					rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant()))
			.optional();
	}

	/**
	 * Makes waiting copies, one at a time, and lets ready ones that were never collected
	 * expire. With several nodes each copy is taken by one (a lease on its row).
	 * @return how many copies were made
	 */
	@Scheduled(fixedDelayString = "${tiaki.lifecycle.export-poll}")
	public int work() {
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				update data_export set status = 'EXPIRED', content_sealed = null
				where status = 'READY' and expires_at <= :now
				""").param("now", Timestamp.from(now)).update();
		// parts of copies that can no longer be collected; a copy being handed over right now
		// keeps its parts for an hour
		this.jdbc.sql("""
				delete from data_export_part where export_id in (select id from data_export
				  where status in ('EXPIRED', 'FAILED') or (status = 'COLLECTED' and collected_at < :hourAgo))
				""").param("hourAgo", Timestamp.from(now.minus(Duration.ofHours(1)))).update();
		int made = 0;
		while (true) {
			Optional<Claimed> claimed = this.jdbc.sql("""
					update data_export set status = 'MAKING', lease_until = :until
					where id = (select id from data_export
					            where (status = 'WAITING' or (status = 'MAKING' and lease_until < :now))
					            order by requested_at limit 1 for update skip locked)
					returning id, patient_id, account_id
					""")
				.param("now", Timestamp.from(now))
				.param("until", Timestamp.from(now.plus(Duration.ofMinutes(15))))
				.query((rs, n) -> new Claimed(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
						rs.getObject(3, UUID.class)))
				.optional();
			if (claimed.isEmpty()) {
				return made;
			}
			try {
				make(claimed.get());
				made++;
			}
			catch (RuntimeException ex) {
				log.warn("A copy of a patient's data could not be made: {}", ex.getClass().getName());
				this.jdbc.sql("update data_export set status = 'FAILED', content_sealed = null where id = :id")
					.param("id", claimed.get().id())
					.update();
				this.jdbc.sql("delete from data_export_part where export_id = :id").param("id", claimed.get().id()).update();
			}
		}
	}

	private record Claimed(UUID id, UUID patient, UUID account) {
	}

	/** Progress is committed at once, on its own, so the page sees it while the copy is made. */
	private void progress(UUID id, int done, int total) {
		this.ownTransaction.executeWithoutResult(status -> this.jdbc
			.sql("update data_export set done = :done, total = :total where id = :id")
			.param("done", done)
			.param("total", total)
			.param("id", id)
			.update());
	}

	private void make(Claimed job) {
		Subject self = new Subject(Subject.Kind.PATIENT, job.patient(), job.account());
		PatientId patient = new PatientId(job.patient());
		int documentCount = this.documents.list(self, patient).size();
		int total = 8 + documentCount;
		int done = 0;
		progress(job.id(), done, total);
		Instant now = this.clock.instant();

		Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
		bundle.setTimestamp(Date.from(now));
		Grant demographics = this.gate.require(self, patient, Action.READ_DEMOGRAPHICS, Documents.DATA_EXPORT);
		PatientSummary who = this.patients.find(demographics).orElseThrow();
		bundle.addEntry().setResource(patientResource(who)).setFullUrl(url("Patient/" + patient.value()));
		String name = who.givenName() + " " + who.familyName();
		ReadablePdf pdf = new ReadablePdf("Your health information in Tiaki");
		pdf.line(name + ", NHI " + who.nhi().value() + ", born " + DAY.format(who.birthDate()));
		pdf.line("Made on " + MOMENT.format(now.atZone(ZONE)) + ". This is everything Tiaki holds of you. Your "
				+ "practice's own records may hold more; ask them for a copy of those.");
		progress(job.id(), ++done, total);

		for (Category category : Category.values()) {
			List<Entry> entries = this.records.list(self, patient, category);
			pdf.heading(heading(category));
			if (entries.isEmpty()) {
				pdf.line("None.");
			}
			for (Entry entry : entries) {
				bundle.addEntry().setResource(entry.resource()).setFullUrl(url(entry.resource().fhirType() + "/" + entry.id()));
				pdf.line(describe(EntryView.of(entry)));
			}
			if (category.ordinal() % 2 == 1) {
				progress(job.id(), ++done, total);
			}
		}

		// a copy taken over from a node that stopped half-way starts again from nothing
		this.jdbc.sql("delete from data_export_part where export_id = :id").param("id", job.id()).update();
		SealedParts parts = new SealedParts(job.id(), self, patient);
		try (ZipOutputStream zip = new ZipOutputStream(parts)) {
			pdf.heading("Documents");
			List<String> names = new ArrayList<>();
			int[] counter = { done };
			this.documents.exportAll(self, document -> {
				String path = "documents/" + String.format("%02d", names.size() + 1) + "-" + document.filename();
				names.add(path);
				DocumentReference reference = new DocumentReference();
				reference.setId("doc-" + document.summary().id());
				reference.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
				reference.setSubject(new Reference("Patient/" + patient.value()));
				reference.setType(new CodeableConcept().setText(document.summary().kind().label()));
				reference.setDescription(document.summary().title());
				reference.setDate(Date.from(document.summary().addedAt()));
				reference.addContent()
					.getAttachment()
					.setContentType(document.summary().mediaType())
					.setTitle(document.filename())
					.setUrl(path)
					.setSize(document.content().length);
				bundle.addEntry().setResource(reference).setFullUrl(url("DocumentReference/doc-" + document.summary().id()));
				pdf.line(document.summary().title() + " — " + (document.summary().fromPractice() ? "from your practice"
						: "added by you") + ", " + DAY.format(document.summary().addedAt().atZone(ZONE)) + " (file "
						+ path + ")");
				add(zip, path, document.content());
				progress(job.id(), ++counter[0], total);
			});
			if (names.isEmpty()) {
				pdf.line("None.");
			}
			done = counter[0];

			pdf.heading("Appointments to come");
			List<Appointment> upcoming = this.appointments.upcoming(self, patient);
			if (upcoming.isEmpty()) {
				pdf.line("None.");
			}
			for (Appointment appointment : upcoming) {
				bundle.addEntry().setResource(appointmentResource(appointment, patient))
					.setFullUrl(url("Appointment/" + appointment.id()));
				pdf.line(MOMENT.format(appointment.startsAt().atZone(ZONE)) + " at " + appointment.practiceName()
						+ " with " + appointment.slot().clinicianName() + " (" + appointment.slot().kind().label() + ")");
			}

			pdf.heading("Repeat prescription requests");
			List<Repeat> repeats = this.prescriptions.requestsOf(self, patient);
			if (repeats.isEmpty()) {
				pdf.line("None.");
			}
			for (Repeat repeat : repeats) {
				bundle.addEntry().setResource(repeatResource(repeat, patient)).setFullUrl(url("MedicationRequest/" + repeat.id()));
				pdf.line(DAY.format(repeat.requestedAt().atZone(ZONE)) + ": " + String.join(", ", repeat.medicines()) + " — "
						+ repeat.status().name().toLowerCase(Locale.ENGLISH)
						+ (repeat.answer() == null || repeat.answer().isBlank() ? "" : ". " + repeat.answer()));
			}
			progress(job.id(), ++done, total);

			pdf.heading("Messages with your practice");
			List<Conversation> conversations = this.messaging.messagesOf(self, patient);
			if (conversations.isEmpty()) {
				pdf.line("None.");
			}
			for (Conversation conversation : conversations) {
				pdf.gap(4).line("“" + conversation.subject() + "”");
				for (Conversation.Message message : conversation.messages()) {
					bundle.addEntry().setResource(messageResource(conversation, message, patient))
						.setFullUrl(url("Communication/" + message.id()));
					pdf.line(MOMENT.format(message.sentAt().atZone(ZONE)) + ", " + message.author() + ": " + message.body());
				}
			}
			progress(job.id(), ++done, total);

			pdf.heading("Who has seen your record");
			List<AccessHistoryItem> seen = this.history.of(self, patient, null);
			for (AccessHistoryItem item : seen) {
				pdf.line(MOMENT.format(item.at().atZone(ZONE)) + " — " + item.who() + ": " + item.what());
			}
			progress(job.id(), ++done, total);

			add(zip, "record.json", this.fhir.newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle)
				.getBytes(StandardCharsets.UTF_8));
			add(zip, "record.pdf", pdf.bytes());
			add(zip, "README.txt", readme(name, now).getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.transactions.executeWithoutResult(status -> {
			this.gate.require(self, patient, Action.EXPORT_DATA, "made:" + job.id());
			this.jdbc.sql("""
					update data_export set status = 'READY', content_sealed = null, parts = :parts, size_bytes = :size,
					  ready_at = :now, expires_at = :expires, done = :total, total = :total, lease_until = null
					where id = :id
					""")
				.param("parts", parts.count())
				.param("size", parts.size())
				.param("now", Timestamp.from(this.clock.instant()))
				.param("expires", Timestamp.from(this.clock.instant().plus(KEPT_FOR)))
				.param("total", total)
				.param("id", job.id())
				.update();
		});
	}

	/** The largest part a copy is kept in. */
	static final int PART_SIZE = 1024 * 1024;

	static final String PART_KIND = "data-export-part";

	/** The id a part is sealed under: its copy and its place, so a part moved or swapped does not open. */
	private static UUID partId(UUID export, int part) {
		return UUID.nameUUIDFromBytes((export + "#" + part).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * What a copy is written into: bytes gather into a buffer of one part's size, and each
	 * full part is sealed under the patient's key and stored on its own, so making a copy holds
	 * one part (and one document) in memory, not the whole file. Sealing uses a grant of the
	 * gate's, asked for again when it has expired.
	 */
	private final class SealedParts extends java.io.OutputStream {

		private final UUID export;

		private final Subject self;

		private final PatientId patient;

		private final byte[] buffer = new byte[PART_SIZE];

		private int filled;

		private int count;

		private long size;

		private Grant grant;

		SealedParts(UUID export, Subject self, PatientId patient) {
			this.export = export;
			this.self = self;
			this.patient = patient;
		}

		@Override
		public void write(int b) {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			while (length > 0) {
				int n = Math.min(length, PART_SIZE - this.filled);
				System.arraycopy(bytes, offset, this.buffer, this.filled, n);
				this.filled += n;
				this.size += n;
				offset += n;
				length -= n;
				if (this.filled == PART_SIZE) {
					store();
				}
			}
		}

		@Override
		public void close() {
			if (this.filled > 0 || this.count == 0) {
				store();
			}
		}

		private void store() {
			if (this.grant == null || !this.grant.opens(this.patient, DataExports.this.clock.instant())) {
				this.grant = DataExports.this.gate.require(this.self, this.patient, Action.EXPORT_DATA, "made:" + this.export);
			}
			byte[] sealed = DataExports.this.vault.seal(this.grant, PART_KIND, partId(this.export, this.count),
					java.util.Arrays.copyOf(this.buffer, this.filled));
			int part = this.count;
			DataExports.this.ownTransaction.executeWithoutResult(status -> DataExports.this.jdbc
				.sql("insert into data_export_part (export_id, part, sealed) values (:id, :part, :sealed)")
				.param("id", this.export)
				.param("part", part)
				.param("sealed", sealed)
				.update());
			this.count++;
			this.filled = 0;
		}

		int count() {
			return this.count;
		}

		long size() {
			return this.size;
		}

	}

	/** Each resource is named by where the portal's FHIR API serves it. */
	private String url(String relative) {
		return this.origin + "/fhir/" + relative;
	}

	private static void add(ZipOutputStream zip, String path, byte[] content) {
		try {
			zip.putNextEntry(new ZipEntry(path));
			zip.write(content);
			zip.closeEntry();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String heading(Category category) {
		return switch (category) {
			case CONDITION -> "Conditions";
			case MEDICATION -> "Medicines";
			case ALLERGY -> "Allergies";
			case IMMUNISATION -> "Immunisations";
			case RESULT -> "Test results";
			case NOTE -> "Notes";
		};
	}

	private static String describe(EntryView view) {
		StringBuilder line = new StringBuilder(view.title());
		if (view.date() != null) {
			line.append(", ").append(DAY.format(view.date()));
		}
		if (view.result() != null) {
			line.append(": ").append(view.result().value()).append(' ').append(view.result().unit());
			if (!view.result().rangeText().isBlank()) {
				line.append(" (").append(view.result().rangeText()).append(')');
			}
		}
		if (view.detail() != null && !view.detail().isBlank()) {
			line.append(" — ").append(view.detail());
		}
		if (view.text() != null && !view.text().isBlank()) {
			line.append("\n").append(view.text());
		}
		return line.toString();
	}

	private static Patient patientResource(PatientSummary who) {
		Patient resource = new Patient();
		resource.setId(who.id().value().toString());
		resource.addIdentifier().setSystem(NHI_SYSTEM).setValue(who.nhi().value());
		resource.addName().setFamily(who.familyName()).addGiven(who.givenName());
		resource.setBirthDateElement(new DateType(who.birthDate().toString()));
		if (who.email() != null) {
			resource.addTelecom()
				.setSystem(org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.EMAIL)
				.setValue(who.email());
		}
		return resource;
	}

	private static Resource appointmentResource(Appointment appointment, PatientId patient) {
		org.hl7.fhir.r4.model.Appointment resource = new org.hl7.fhir.r4.model.Appointment();
		resource.setId(appointment.id().toString());
		resource.setStatus(org.hl7.fhir.r4.model.Appointment.AppointmentStatus.BOOKED);
		resource.setStart(Date.from(appointment.slot().startsAt()));
		resource.setEnd(Date.from(appointment.slot().endsAt()));
		resource.setDescription(appointment.slot().kind().label() + " at " + appointment.practiceName());
		resource.addParticipant()
			.setActor(new Reference("Patient/" + patient.value()))
			.setStatus(org.hl7.fhir.r4.model.Appointment.ParticipationStatus.ACCEPTED);
		resource.addParticipant()
			.setActor(new Reference().setDisplay(appointment.slot().clinicianName()))
			.setStatus(org.hl7.fhir.r4.model.Appointment.ParticipationStatus.ACCEPTED);
		return resource;
	}

	private static Resource repeatResource(Repeat repeat, PatientId patient) {
		MedicationRequest resource = new MedicationRequest();
		resource.setId(repeat.id().toString());
		resource.setStatus(switch (repeat.status()) {
			case REQUESTED -> MedicationRequest.MedicationRequestStatus.ACTIVE;
			case APPROVED -> MedicationRequest.MedicationRequestStatus.COMPLETED;
			case DECLINED -> MedicationRequest.MedicationRequestStatus.CANCELLED;
		});
		resource.setIntent(MedicationRequest.MedicationRequestIntent.PROPOSAL);
		resource.setMedication(new CodeableConcept().setText(String.join(", ", repeat.medicines())));
		resource.setSubject(new Reference("Patient/" + patient.value()));
		resource.setAuthoredOn(Date.from(repeat.requestedAt()));
		if (repeat.note() != null && !repeat.note().isBlank()) {
			resource.addNote().setText(repeat.note());
		}
		if (repeat.answer() != null && !repeat.answer().isBlank()) {
			resource.addNote().setText(repeat.answer());
		}
		return resource;
	}

	private static Resource messageResource(Conversation conversation, Conversation.Message message,
			PatientId patient) {
		Communication resource = new Communication();
		resource.setId(message.id().toString());
		resource.setStatus(Communication.CommunicationStatus.COMPLETED);
		resource.setSubject(new Reference("Patient/" + patient.value()));
		resource.setTopic(new CodeableConcept().setText(conversation.subject()));
		resource.setSent(Date.from(message.sentAt()));
		resource.setSender(message.fromPatient() ? new Reference("Patient/" + patient.value())
				: new Reference().setDisplay(message.author()));
		resource.addPayload().setContent(new org.hl7.fhir.r4.model.StringType(message.body()));
		return resource;
	}

	private static String readme(String name, Instant now) {
		return """
				A copy of the information Tiaki holds about %s, made on %s.

				record.pdf   everything, to read or print
				record.json  the same as an HL7 FHIR R4 bundle, for another health app or portal
				documents/   your documents, as they are in Tiaki (PDFs marked as a personal copy)

				Keep this file safe: it is your health information. Anyone who has it can read it.
				""".formatted(name, MOMENT.format(now.atZone(ZONE)));
	}

	/**
	 * Issues a link to collect a ready copy, bound to the asking session, valid for a
	 * minute.
	 * @param self the patient
	 * @param id the copy
	 * @param sessionRef the session's opaque reference
	 * @return the link's token
	 * @throws DataExportRefused when there is no such copy ready for this patient
	 */
	@Transactional
	public String issueLink(Subject self, UUID id, String sessionRef) {
		requireSelf(self);
		View view = latest(self).filter(found -> found.id().equals(id) && found.status() == Status.READY)
			.orElseThrow(() -> new DataExportRefused("That copy is not ready, or has already been collected."));
		this.gate.require(self, new PatientId(self.id()), Action.EXPORT_DATA, "link:" + view.id());
		byte[] token = new byte[32];
		RANDOM.nextBytes(token);
		String text = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
		this.jdbc.sql("""
				insert into data_export_link (token_hash, export_id, session_ref, expires_at)
				values (:hash, :id, :session, :expires)
				""")
			.param("hash", digest(text))
			.param("id", id)
			.param("session", sessionRef)
			.param("expires", Timestamp.from(this.clock.instant().plus(LINK_VALIDITY)))
			.update();
		return text;
	}

	/**
	 * A copy being handed over: its name and size, and the parts to write out one at a time.
	 */
	public final class Collected {

		private final UUID id;

		private final Subject self;

		private final String filename;

		private final long size;

		private final int parts;

		private Collected(UUID id, Subject self, String filename, long size, int parts) {
			this.id = id;
			this.self = self;
			this.filename = filename;
			this.size = size;
			this.parts = parts;
		}

		public String filename() {
			return this.filename;
		}

		public long size() {
			return this.size;
		}

		/**
		 * Writes the copy out, opening one part at a time (outside any transaction, so a slow
		 * connection holds no database connection), then deletes the parts.
		 * @param out where the ZIP file goes
		 * @throws IOException when writing fails; the parts are then removed by the next run of
		 * the export job an hour later
		 */
		public void writeTo(java.io.OutputStream out) throws IOException {
			PatientId patient = new PatientId(this.self.id());
			Grant grant = null;
			for (int part = 0; part < this.parts; part++) {
				if (grant == null || !grant.opens(patient, DataExports.this.clock.instant())) {
					grant = DataExports.this.gate.require(this.self, patient, Action.EXPORT_DATA, "collected:" + this.id);
				}
				byte[] sealed = DataExports.this.jdbc
					.sql("select sealed from data_export_part where export_id = :id and part = :part")
					.param("id", this.id)
					.param("part", part)
					.query(byte[].class)
					.optional()
					.orElseThrow(() -> new IllegalStateException("A part of a patient's copy is missing"));
				out.write(DataExports.this.vault.open(grant, patient, PART_KIND, partId(this.id, part), sealed));
			}
			out.flush();
			DataExports.this.jdbc.sql("delete from data_export_part where export_id = :id").param("id", this.id).update();
		}

		@Override
		public String toString() {
			return "Collected[" + this.filename + "]";
		}

	}

	/**
	 * Collects a copy through its link: once, from the session that asked, within the
	 * minute. The link is spent and the copy marked collected here; its parts are written
	 * out and deleted by {@link Collected#writeTo}.
	 * @param self the patient
	 * @param token the link's token
	 * @param sessionRef the session's opaque reference
	 * @return the copy to hand over
	 * @throws DataExportRefused when the link is unknown, spent, expired or another session's
	 */
	@Transactional
	public Collected collect(Subject self, String token, String sessionRef) {
		requireSelf(self);
		Instant now = this.clock.instant();
		UUID id = this.jdbc.sql("""
				update data_export_link set used_at = :now
				where token_hash = :hash and used_at is null and expires_at > :now and session_ref = :session
				returning export_id
				""")
			.param("now", Timestamp.from(now))
			.param("hash", digest(token))
			.param("session", sessionRef)
			.query(UUID.class)
			.optional()
			.orElseThrow(() -> new DataExportRefused("This link has been used or has expired."));
		var ready = this.jdbc.sql("""
				select size_bytes, parts from data_export
				where id = :id and patient_id = :p and status = 'READY' and parts is not null
				for update
				""")
			.param("id", id)
			.param("p", self.id())
			.query((rs, n) -> new long[] { rs.getLong(1), rs.getInt(2) })
			.optional()
			.orElseThrow(() -> new DataExportRefused("That copy has already been collected."));
		this.jdbc.sql("update data_export set status = 'COLLECTED', collected_at = :now where id = :id")
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
		this.gate.require(self, new PatientId(self.id()), Action.EXPORT_DATA, "collected:" + id);
		return new Collected(id, self, "tiaki-my-information-" + now.atZone(ZONE).toLocalDate() + ".zip", ready[0],
				(int) ready[1]);
	}

	private static byte[] digest(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
