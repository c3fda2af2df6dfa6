package nz.tiaki.prescriptions;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.AccessGate;
import nz.tiaki.access.Action;
import nz.tiaki.access.Grant;
import nz.tiaki.access.Subject;
import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffMember;
import nz.tiaki.identity.AccountHolder;
import nz.tiaki.identity.Accounts;
import nz.tiaki.notifications.Notifications;
import nz.tiaki.notifications.Template;
import nz.tiaki.patients.PatientSummary;
import nz.tiaki.patients.Patients;
import nz.tiaki.records.Entry;
import nz.tiaki.records.EntryView;
import nz.tiaki.records.Records;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;
import nz.tiaki.vault.Vault;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Repeat prescriptions. Medicines, notes and answers are sealed under the patient's key and
 * opened only with the gate's grant; a receptionist sees none of it.
 */
@Service
public class Prescriptions {

	static final String ITEMS = "repeat-items";

	static final String NOTE = "repeat-note";

	static final String ANSWER = "repeat-answer";

	private final JdbcClient jdbc;

	private final AccessGate gate;

	private final Records records;

	private final Practices practices;

	private final Patients patients;

	private final Accounts accounts;

	private final Notifications notifications;

	private final Vault vault;

	private final JsonMapper json;

	private final Clock clock;

	Prescriptions(JdbcClient jdbc, AccessGate gate, Records records, Practices practices, Patients patients,
			Accounts accounts, Notifications notifications, Vault vault, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.gate = gate;
		this.records = records;
		this.practices = practices;
		this.patients = patients;
		this.accounts = accounts;
		this.notifications = notifications;
		this.vault = vault;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * A medicine that can be asked for.
	 *
	 * @param entryId its record entry
	 * @param name what it is
	 * @param dose how it is taken
	 */
	public record Medicine(String entryId, String name, String dose) {
	}

	/**
	 * @param subject the patient or their proxy
	 * @param patient whose
	 * @return their current medicines
	 * @throws AccessDenied when the subject may not ask for repeats for this patient
	 */
	@Transactional(readOnly = true)
	public List<Medicine> medicines(Subject subject, PatientId patient) {
		List<Medicine> medicines = new ArrayList<>();
		for (Entry entry : this.records.currentMedicines(subject, patient)) {
			EntryView view = EntryView.of(entry);
			medicines.add(new Medicine(entry.id().toString(), view.title(), view.detail()));
		}
		return medicines;
	}

	/**
	 * Asks for repeats.
	 * @param subject the patient or their proxy
	 * @param patient for whom
	 * @param entryIds which of their current medicines
	 * @param note a note for the practice (at most 500 characters), may be empty
	 * @return the request
	 * @throws RepeatRefused when nothing or something not current was chosen, or the note is
	 * too long
	 */
	@Transactional
	public UUID request(Subject subject, PatientId patient, List<String> entryIds, String note) {
		Map<String, Medicine> current = new HashMap<>();
		medicines(subject, patient).forEach(medicine -> current.put(medicine.entryId(), medicine));
		Set<String> chosen = new LinkedHashSet<>(entryIds == null ? List.of() : entryIds);
		if (chosen.isEmpty()) {
			throw new RepeatRefused("Choose at least one medicine.");
		}
		List<String> items = new ArrayList<>();
		for (String id : chosen) {
			Medicine medicine = current.get(id);
			if (medicine == null) {
				throw new RepeatRefused("You can only ask for repeats of your current medicines.");
			}
			items.add(medicine.dose().isBlank() ? medicine.name() : medicine.name() + " (" + medicine.dose() + ")");
		}
		String text = note == null ? "" : note.strip();
		if (text.length() > 500) {
			throw new RepeatRefused("Keep the note to 500 characters.");
		}
		PracticeId practice = this.practices.practicesOf(patient)
			.stream()
			.findFirst()
			.orElseThrow(() -> new RepeatRefused("You are not enrolled at a practice."));
		Grant grant = this.gate.require(subject, patient, Action.REQUEST_REPEAT, "repeat-request");
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into repeat_request (id, patient_id, practice_id, requested_at, requested_by, items, note, status)
				values (:id, :patient, :practice, :at, :by, :items, :note, 'REQUESTED')
				""")
			.param("id", id)
			.param("patient", patient.value())
			.param("practice", practice.value())
			.param("at", Timestamp.from(this.clock.instant()))
			.param("by", subject.accountId())
			.param("items", this.vault.seal(grant, ITEMS, id, this.json.writeValueAsBytes(items)))
			.param("note", text.isEmpty() ? null : this.vault.seal(grant, NOTE, id, text.getBytes(StandardCharsets.UTF_8)))
			.update();
		return id;
	}

	/**
	 * @param subject the patient or their proxy
	 * @param patient whose
	 * @return their requests, newest first
	 * @throws AccessDenied when the subject may not see them
	 */
	@Transactional(readOnly = true)
	public List<Repeat> requestsOf(Subject subject, PatientId patient) {
		Grant grant = this.gate.require(subject, patient, Action.READ_REPEATS, "repeats");
		List<Repeat> list = new ArrayList<>();
		for (Row row : rows("patient_id = :key", patient.value())) {
			list.add(open(grant, row, null));
		}
		return list;
	}

	/**
	 * @param staff a clinician
	 * @return the requests waiting at their practice, oldest first (those the gate lets them
	 * answer)
	 */
	@Transactional(readOnly = true)
	public List<Repeat> queue(StaffMember staff) {
		List<Row> waiting = rows("practice_id = :key and status = 'REQUESTED'", staff.practice().value());
		List<PatientId> whose = waiting.stream().map(Row::patient).distinct().toList();
		Map<PatientId, Grant> grants = this.gate.requireEach(this.practices.subject(staff), whose, Action.DECIDE_REPEAT);
		Map<PatientId, String> names = new HashMap<>();
		if (!grants.isEmpty()) {
			Map<PatientId, Grant> demographics = this.gate.requireEach(this.practices.subject(staff),
					List.copyOf(grants.keySet()), Action.READ_DEMOGRAPHICS);
			for (PatientSummary summary : this.patients.findAll(demographics.values())) {
				names.put(summary.id(), summary.displayName());
			}
		}
		List<Repeat> queue = new ArrayList<>();
		List<Row> oldestFirst = new ArrayList<>(waiting);
		java.util.Collections.reverse(oldestFirst);
		for (Row row : oldestFirst) {
			Grant grant = grants.get(row.patient());
			if (grant != null) {
				queue.add(open(grant, row, names.getOrDefault(row.patient(), "A patient")));
			}
		}
		return queue;
	}

	/**
	 * Approves or declines a request and tells the patient by e-mail that there is an answer
	 * (not what it is).
	 * @param staff a doctor or nurse of the patient's practice
	 * @param id the request
	 * @param approve whether to approve
	 * @param message a message to the patient (needed when declining)
	 * @param feeCents a fee, in cents, or {@code null}
	 * @throws RepeatNotFound when there is no such waiting request this clinician may answer
	 * @throws RepeatRefused when a decline has no message or the message or fee is unusable
	 */
	@Transactional
	public void decide(StaffMember staff, UUID id, boolean approve, String message, Integer feeCents) {
		Row row = rows("id = :key and status = 'REQUESTED'", id).stream().findFirst().orElse(null);
		Subject subject = this.practices.subject(staff);
		if (row == null) {
			this.gate.recordUnknown(subject, Action.DECIDE_REPEAT, "repeat:" + id);
			throw new RepeatNotFound();
		}
		Grant grant;
		try {
			grant = this.gate.require(subject, row.patient(), Action.DECIDE_REPEAT, "repeat:" + id);
		}
		catch (AccessDenied ex) {
			throw new RepeatNotFound();
		}
		String text = message == null ? "" : message.strip();
		if (!approve && text.isEmpty()) {
			throw new RepeatRefused("Say why, so the patient knows what to do next.");
		}
		if (text.length() > 500) {
			throw new RepeatRefused("Keep the message to 500 characters.");
		}
		if (feeCents != null && (feeCents < 0 || feeCents > 100_000)) {
			throw new RepeatRefused("The fee must be between $0 and $1,000.");
		}
		this.jdbc.sql("""
				update repeat_request set status = :status, decided_at = :at, decided_by = :by, answer = :answer,
				  fee_cents = :fee where id = :id and status = 'REQUESTED'
				""")
			.param("status", approve ? "APPROVED" : "DECLINED")
			.param("at", Timestamp.from(this.clock.instant()))
			.param("by", staff.id())
			.param("answer", text.isEmpty() ? null : this.vault.seal(grant, ANSWER, id, text.getBytes(StandardCharsets.UTF_8)))
			.param("fee", feeCents)
			.param("id", id)
			.update();
		this.accounts.addressOf(AccountHolder.patient(row.patient().value()))
			.ifPresent(address -> this.notifications.send(address, Template.REPEAT_ANSWERED,
					Map.of("practice", this.practices.name(row.practice())), "repeat:" + id));
	}

	private record Row(UUID id, PatientId patient, PracticeId practice, Instant requestedAt, byte[] items, byte[] note,
			Repeat.Status status, byte[] answer, Integer fee) {
	}

	private List<Row> rows(String where, UUID key) {
		return this.jdbc.sql("""
				select id, patient_id, practice_id, requested_at, items, note, status, answer, fee_cents
				from repeat_request where """ + " " + where + " order by requested_at desc")
			.param("key", key)
			.query((rs, n) -> new Row(rs.getObject(1, UUID.class), new PatientId(rs.getObject(2, UUID.class)),
					new PracticeId(rs.getObject(3, UUID.class)), rs.getTimestamp(4).toInstant(), rs.getBytes(5),
					rs.getBytes(6), Repeat.Status.valueOf(rs.getString(7)), rs.getBytes(8),
					(Integer) rs.getObject(9)))
			.list();
	}

	private Repeat open(Grant grant, Row row, String name) {
		List<String> items = this.json.readValue(this.vault.open(grant, row.patient(), ITEMS, row.id(), row.items()),
				new TypeReference<List<String>>() {
				});
		String note = row.note() == null ? ""
				: new String(this.vault.open(grant, row.patient(), NOTE, row.id(), row.note()), StandardCharsets.UTF_8);
		String answer = row.answer() == null ? ""
				: new String(this.vault.open(grant, row.patient(), ANSWER, row.id(), row.answer()), StandardCharsets.UTF_8);
		return new Repeat(row.id(), row.patient(), name, row.requestedAt(), items, note, row.status(), answer,
				row.fee());
	}

	/**
	 * Deletes a patient's repeat requests to one practice (the practice leaving the portal).
	 * A recorded decision of the gate.
	 * @param job the system task doing it
	 * @param practice the practice
	 * @param patient whose requests
	 * @return how many were deleted
	 */
	@Transactional
	public int removeFrom(Subject job, PracticeId practice, PatientId patient) {
		this.gate.require(job, patient, Action.ERASE, "repeats:" + practice);
		return this.jdbc.sql("delete from repeat_request where practice_id = :practice and patient_id = :patient")
			.param("practice", practice.value())
			.param("patient", patient.value())
			.update();
	}

}
