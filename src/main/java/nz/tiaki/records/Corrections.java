package nz.tiaki.records;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ca.uhn.fhir.context.FhirContext;
import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.AccessGate;
import nz.tiaki.access.Action;
import nz.tiaki.access.Grant;
import nz.tiaki.access.Subject;
import nz.tiaki.identity.AccountHolder;
import nz.tiaki.identity.Accounts;
import nz.tiaki.notifications.Notifications;
import nz.tiaki.notifications.Template;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;
import nz.tiaki.vault.Vault;
import org.hl7.fhir.r4.model.Resource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Corrections of the record (HIPC 2020 rule 7). A patient asks for an entry they can see to
 * be corrected, saying what is wrong and what it should say. A clinician of the practice
 * that wrote it either corrects it — the entry gets a new version and every earlier version
 * is kept — or keeps it and attaches the patient's statement of the correction sought, so
 * whoever reads the entry sees it beside it. Either way the patient is told (by e-mail,
 * without clinical detail) and sees the answer. Every step is a recorded decision of the
 * gate.
 */
@Service
public class Corrections {

	static final String REQUEST = "correction-request";

	static final String ANSWER = "correction-answer";

	private final JdbcClient jdbc;

	private final EntryStore entries;

	private final Records records;

	private final AccessGate gate;

	private final Vault vault;

	private final Accounts accounts;

	private final Notifications notifications;

	private final FhirContext fhir;

	private final Clock clock;

	Corrections(JdbcClient jdbc, EntryStore entries, Records records, AccessGate gate, Vault vault, Accounts accounts,
			Notifications notifications, FhirContext fhir, Clock clock) {
		this.jdbc = jdbc;
		this.entries = entries;
		this.records = records;
		this.gate = gate;
		this.vault = vault;
		this.accounts = accounts;
		this.notifications = notifications;
		this.fhir = fhir;
		this.clock = clock;
	}

	private record Row(UUID id, PatientId patient, EntryId entry, Instant requestedAt, byte[] request,
			Correction.Status status, Instant answeredAt, byte[] answer) {
	}

	private static final String COLUMNS = "id, patient_id, entry_id, requested_at, request_sealed, status, answered_at, "
			+ "answer_sealed";

	private Row map(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Row(rs.getObject(1, UUID.class), new PatientId(rs.getObject(2, UUID.class)),
				new EntryId(rs.getObject(3, UUID.class)), rs.getTimestamp(4).toInstant(), rs.getBytes(5),
				Correction.Status.valueOf(rs.getString(6)),
				rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant(), rs.getBytes(8));
	}

	private static String checked(String text, int min, int max, String problem) {
		String value = text == null ? "" : text.strip();
		if (value.length() < min || value.length() > max) {
			throw new CorrectionRefused(problem);
		}
		return value;
	}

	/**
	 * A patient asks for an entry to be corrected.
	 * @param self the patient
	 * @param entryId an entry they can see
	 * @param request what is wrong and what it should say
	 * @return the request's id
	 * @throws EntryNotFound when the entry is not theirs to see
	 * @throws CorrectionRefused when the words are missing or a request is already open
	 */
	@Transactional
	public UUID request(Subject self, EntryId entryId, String request) {
		if (self.kind() != Subject.Kind.PATIENT) {
			throw new CorrectionRefused("Only the patient can ask for a correction of their record.");
		}
		Entry entry = this.records.get(self, entryId, new PatientId(self.id()));
		String text = checked(request, 10, 2000, "Say what is wrong and what it should say (10 to 2,000 characters).");
		Grant grant = this.gate.require(self, entry.patient(), Action.REQUEST_CORRECTION, entryId.toString());
		boolean open = this.jdbc.sql("select count(*) from correction_request where entry_id = :e and status = 'REQUESTED'")
			.param("e", entryId.value())
			.query(Integer.class)
			.single() > 0;
		if (open) {
			throw new CorrectionRefused("You have already asked for this entry to be corrected. Your practice will "
					+ "answer that request first.");
		}
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into correction_request (id, patient_id, practice_id, entry_id, requested_at, requested_by,
				  request_sealed, status)
				values (:id, :p, :practice, :e, :at, :by, :sealed, 'REQUESTED')
				""")
			.param("id", id)
			.param("p", entry.patient().value())
			.param("practice", this.entries.practiceOf(entryId).map(PracticeId::value).orElse(null))
			.param("e", entryId.value())
			.param("at", Timestamp.from(this.clock.instant()))
			.param("by", self.accountId())
			.param("sealed", this.vault.seal(grant, REQUEST, id, text.getBytes(StandardCharsets.UTF_8)))
			.update();
		return id;
	}

	/**
	 * @param self the patient
	 * @return their requests, newest first, with the entries as they stand now
	 */
	@Transactional(readOnly = true)
	public List<Correction> of(Subject self) {
		PatientId patient = new PatientId(self.id());
		Grant grant = this.gate.require(self, patient, Action.REQUEST_CORRECTION, "corrections");
		List<Correction> list = new ArrayList<>();
		for (Row row : rows("patient_id = :key order by requested_at desc", patient.value())) {
			try {
				list.add(open(grant, row, this.records.get(self, row.entry(), patient)));
			}
			catch (EntryNotFound ex) {
				// removed since (a practice that left); the request went with it
			}
		}
		return list;
	}

	/**
	 * @param clinician a doctor or nurse of the practice
	 * @param practice their practice
	 * @return the requests waiting for the practice, oldest first, each opened through the
	 * gate
	 */
	@Transactional(readOnly = true)
	public List<Correction> waiting(Subject clinician, PracticeId practice) {
		List<Correction> list = new ArrayList<>();
		for (Row row : rows("""
				status = 'REQUESTED' and (practice_id = :key or (practice_id is null
				  and patient_id in (select patient_id from enrolment where practice_id = :key)))
				order by requested_at
				""", practice.value())) {
			try {
				Grant grant = this.gate.require(clinician, row.patient(), Action.WRITE_RECORD, "correction:" + row.id());
				list.add(open(grant, row, this.records.get(clinician, row.entry())));
			}
			catch (AccessDenied | EntryNotFound ex) {
				// not this clinician's to answer
			}
		}
		return list;
	}

	/**
	 * @param subject who asks (the patient, or staff of the care team)
	 * @param id a request
	 * @return it, opened
	 * @throws EntryNotFound when it is not the subject's to see
	 */
	@Transactional(readOnly = true)
	public Correction get(Subject subject, UUID id) {
		Row row = rows("id = :key", id).stream().findFirst().orElseThrow(EntryNotFound::new);
		Action action = subject.kind() == Subject.Kind.PATIENT ? Action.REQUEST_CORRECTION : Action.WRITE_RECORD;
		if (subject.kind() == Subject.Kind.PATIENT && !subject.id().equals(row.patient().value())) {
			this.gate.recordUnknown(subject, action, id.toString());
			throw new EntryNotFound();
		}
		try {
			Grant grant = this.gate.require(subject, row.patient(), action, "correction:" + id);
			return open(grant, row, this.records.get(subject, row.entry()));
		}
		catch (AccessDenied ex) {
			throw new EntryNotFound();
		}
	}

	/** A patient's statement attached to an entry the practice kept as it was. */
	public record Statement(EntryView entry, String text, Instant madeAt) {

		@Override
		public String toString() {
			return "Statement[" + this.entry.id() + "]";
		}

	}

	/**
	 * The statements attached to a patient's entries (their words, where the practice kept
	 * the entry as it was), for whoever reads the record.
	 * @param subject who reads
	 * @param patient whose record
	 * @return the statements, oldest first, each with its entry
	 */
	@Transactional(readOnly = true)
	public List<Statement> statementsFor(Subject subject, PatientId patient) {
		List<Statement> statements = new ArrayList<>();
		List<Row> attached = rows("patient_id = :key and status = 'STATEMENT_ATTACHED' order by requested_at",
				patient.value());
		if (attached.isEmpty()) {
			return statements;
		}
		Grant grant = this.gate.require(subject, patient, Action.READ_SUMMARY, "statements");
		for (Row row : attached) {
			try {
				statements.add(new Statement(EntryView.of(this.records.get(subject, row.entry())),
						text(grant, row.patient(), REQUEST, row.id(), row.request()), row.requestedAt()));
			}
			catch (EntryNotFound ex) {
				// an entry the reader may not see (a note not yet released, say)
			}
		}
		return statements;
	}

	/**
	 * The clinician corrects the entry: a new version replaces it, the old one is kept.
	 * @param clinician a doctor or nurse of the care team
	 * @param id the request
	 * @param corrected the entry as it should be (same kind)
	 * @param message words to the patient
	 * @throws EntryNotFound when the request is not the clinician's to answer
	 * @throws CorrectionRefused when it is already answered, or the correction is of another
	 * kind
	 */
	@Transactional
	public void correct(Subject clinician, UUID id, Resource corrected, String message) {
		Row row = waitingRow(id);
		Grant grant = answerGrant(clinician, row);
		Entry current = this.records.get(clinician, row.entry());
		if (!Category.of(corrected).map(current.category()::equals).orElse(false)) {
			throw new CorrectionRefused("A correction must be the same kind of entry.");
		}
		String words = checked(message, 0, 2000, "Keep the message to the patient under 2,000 characters.");
		Resource copy = corrected.copy();
		copy.setId(row.entry().value().toString());
		this.records.setSubject(copy, row.patient());
		byte[] json = this.fhir.newJsonParser().encodeResourceToString(copy).getBytes(StandardCharsets.UTF_8);
		this.entries.replace(row.entry(), this.vault.seal(grant, Records.KIND, row.entry().value(), json),
				clinician.accountId(), this.clock.instant());
		answer(grant, row, Correction.Status.CORRECTED, clinician, words.isEmpty() ? "Your record was corrected."
				: words);
	}

	/**
	 * The clinician keeps the entry as it is; the patient's statement is attached to it.
	 * @param clinician a doctor or nurse of the care team
	 * @param id the request
	 * @param reason why it was not changed, in words to the patient
	 * @throws EntryNotFound when the request is not the clinician's to answer
	 * @throws CorrectionRefused when it is already answered or no reason is given
	 */
	@Transactional
	public void keepWithStatement(Subject clinician, UUID id, String reason) {
		Row row = waitingRow(id);
		Grant grant = answerGrant(clinician, row);
		String words = checked(reason, 10, 2000, "Tell the patient why the entry stays as it is (10 to 2,000 "
				+ "characters).");
		answer(grant, row, Correction.Status.STATEMENT_ATTACHED, clinician, words);
	}

	/**
	 * @param subject who asks (staff of the care team, or the patient)
	 * @param entry an entry
	 * @return its earlier versions, newest first, each opened
	 * @throws EntryNotFound when it is not the subject's to see
	 */
	@Transactional(readOnly = true)
	public List<Entry> earlierVersions(Subject subject, EntryId entry) {
		Entry current = this.records.get(subject, entry);
		Grant grant = this.gate.require(subject, current.patient(), current.category().readAction(),
				"versions:" + entry);
		List<Entry> versions = new ArrayList<>();
		for (EntryStore.Version version : this.entries.versions(entry)) {
			String json = text(grant, current.patient(), Records.KIND, entry.value(), version.sealed());
			versions.add(new Entry(entry, current.patient(), current.category(), version.replacedAt(), current.released(),
					null, (Resource) this.fhir.newJsonParser().parseResource(json)));
		}
		return versions;
	}

	private Row waitingRow(UUID id) {
		Row row = rows("id = :key", id).stream().findFirst().orElseThrow(EntryNotFound::new);
		if (row.status() != Correction.Status.REQUESTED) {
			throw new CorrectionRefused("This request has already been answered.");
		}
		return row;
	}

	private Grant answerGrant(Subject clinician, Row row) {
		if (clinician.kind() != Subject.Kind.STAFF) {
			throw new EntryNotFound();
		}
		try {
			return this.gate.require(clinician, row.patient(), Action.WRITE_RECORD, "correction:" + row.id());
		}
		catch (AccessDenied ex) {
			throw new EntryNotFound();
		}
	}

	private void answer(Grant grant, Row row, Correction.Status status, Subject clinician, String words) {
		int updated = this.jdbc.sql("""
				update correction_request set status = :status, answered_at = :at, answered_by = :by,
				  answer_sealed = :answer
				where id = :id and status = 'REQUESTED'
				""")
			.param("status", status.name())
			.param("at", Timestamp.from(this.clock.instant()))
			.param("by", clinician.accountId())
			.param("answer", this.vault.seal(grant, ANSWER, row.id(), words.getBytes(StandardCharsets.UTF_8)))
			.param("id", row.id())
			.update();
		if (updated != 1) {
			throw new CorrectionRefused("This request has already been answered.");
		}
		this.accounts.addressOf(AccountHolder.patient(row.patient().value()))
			.ifPresent(address -> this.notifications.send(address, Template.CORRECTION_ANSWERED, Map.of(),
					"correction:" + row.id()));
	}

	private List<Row> rows(String where, UUID key) {
		return this.jdbc.sql("select " + COLUMNS + " from correction_request where " + where)
			.param("key", key)
			.query((rs, n) -> map(rs))
			.list();
	}

	private Correction open(Grant grant, Row row, Entry entry) {
		return new Correction(row.id(), row.patient(), entry, row.requestedAt(),
				text(grant, row.patient(), REQUEST, row.id(), row.request()), row.status(), row.answeredAt(),
				row.answer() == null ? null : text(grant, row.patient(), ANSWER, row.id(), row.answer()));
	}

	private String text(Grant grant, PatientId patient, String kind, UUID id, byte[] sealed) {
		return new String(this.vault.open(grant, patient, kind, id, sealed), StandardCharsets.UTF_8);
	}

}
