package nz.tiaki.messaging;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.AccessGate;
import nz.tiaki.access.Action;
import nz.tiaki.access.Grant;
import nz.tiaki.access.Subject;
import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffMember;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.DocumentRejected;
import nz.tiaki.documents.Documents;
import nz.tiaki.identity.AccountHolder;
import nz.tiaki.identity.Accounts;
import nz.tiaki.notifications.Notifications;
import nz.tiaki.notifications.Template;
import nz.tiaki.patients.PatientSummary;
import nz.tiaki.patients.Patients;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;
import nz.tiaki.vault.Vault;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Conversations between a patient (or a proxy allowed messages) and their practice. A
 * conversation goes to the front desk, which every staff member of the practice sees, or to
 * a named doctor or nurse, whom alone among the staff it reaches. Every read and write passes
 * the gate; subjects and bodies are sealed under the patient's key.
 */
@Service
public class Messaging {

	static final String SUBJECT = "message-subject";

	static final String BODY = "message-body";

	static final String PATIENT_SIDE = "PATIENT";

	private final JdbcClient jdbc;

	private final AccessGate gate;

	private final Vault vault;

	private final Practices practices;

	private final Patients patients;

	private final Accounts accounts;

	private final Notifications notifications;

	private final Documents documents;

	private final Clock clock;

	Messaging(JdbcClient jdbc, AccessGate gate, Vault vault, Practices practices, Patients patients, Accounts accounts,
			Notifications notifications, Documents documents, Clock clock) {
		this.documents = documents;
		this.jdbc = jdbc;
		this.gate = gate;
		this.vault = vault;
		this.practices = practices;
		this.patients = patients;
		this.accounts = accounts;
		this.notifications = notifications;
		this.clock = clock;
	}

	/**
	 * A file sent with a message.
	 *
	 * @param filename the name it came with
	 * @param content its bytes
	 */
	public record Attachment(String filename, byte[] content) {

		@Override
		public String toString() {
			return "Attachment[" + this.content.length + " bytes]";
		}

	}

	/**
	 * Who a patient may write to.
	 *
	 * @param staffId a clinician, or {@code null} for the front desk
	 * @param label in words
	 */
	public record Addressee(UUID staffId, String label) {
	}

	/**
	 * @param patient a patient
	 * @return the front desk and the doctors and nurses of their practice
	 */
	@Transactional(readOnly = true)
	public List<Addressee> addressees(PatientId patient) {
		List<Addressee> list = new ArrayList<>();
		list.add(new Addressee(null, "The front desk"));
		for (PracticeId practice : this.practices.practicesOf(patient)) {
			for (StaffMember clinician : this.practices.clinicians(practice)) {
				list.add(new Addressee(clinician.id(), clinician.displayName() + " (" + clinician.role().label() + ")"));
			}
		}
		return list;
	}

	/**
	 * Starts a conversation.
	 * @param subject the patient or their proxy
	 * @param patient for whom
	 * @param to a clinician of the patient's practice, or {@code null} for the front desk
	 * @param title the subject line
	 * @param body the first message
	 * @return the conversation's id
	 * @throws MessageRefused when the subject, message or addressee is unusable
	 * @throws AccessDenied when the subject may not write for this patient
	 */
	@Transactional
	public UUID start(Subject subject, PatientId patient, UUID to, String title, String body) {
		return start(subject, patient, to, title, body, null);
	}

	/**
	 * Starts a conversation with a file attached (see the other {@code start}); the file goes
	 * through the documents checks and becomes one of the patient's documents. Only the
	 * patient themself can attach one.
	 * @param attachment the file, or {@code null}
	 * @return the conversation's id
	 */
	@Transactional
	public UUID start(Subject subject, PatientId patient, UUID to, String title, String body, Attachment attachment) {
		String heading = checked(title, 150, "Give the message a subject (at most 150 characters).");
		String text = checked(body, 5000, "Write your message (at most 5,000 characters).");
		PracticeId practice = this.practices.practicesOf(patient)
			.stream()
			.findFirst()
			.orElseThrow(() -> new MessageRefused("You are not enrolled at a practice."));
		if (to != null && this.practices.clinicians(practice).stream().noneMatch(member -> member.id().equals(to))) {
			throw new MessageRefused("Choose the front desk or one of your practice's doctors or nurses.");
		}
		Grant grant = this.gate.require(subject, patient, Action.SEND_MESSAGE, "new-conversation");
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				insert into message_thread (id, patient_id, practice_id, addressed_to, subject, started_at)
				values (:id, :patient, :practice, :to, :subject, :now)
				""")
			.param("id", id)
			.param("patient", patient.value())
			.param("practice", practice.value())
			.param("to", to)
			.param("subject", this.vault.seal(grant, SUBJECT, id, heading.getBytes(StandardCharsets.UTF_8)))
			.param("now", Timestamp.from(now))
			.update();
		insertMessage(grant, id, true, subject.accountId(), null, text, false, now,
				patientFile(subject, patient, attachment));
		return id;
	}

	/**
	 * Replies as the patient (or proxy).
	 * @param subject the patient or their proxy
	 * @param threadId the conversation
	 * @param body the message
	 * @throws ThreadNotFound when it is not theirs
	 * @throws MessageRefused when it is closed or the message unusable
	 */
	@Transactional
	public void replyAsPatient(Subject subject, UUID threadId, String body) {
		replyAsPatient(subject, threadId, body, null);
	}

	/**
	 * Replies as the patient with a file attached, or {@code null}.
	 * @param subject the patient or their proxy
	 * @param threadId the conversation
	 * @param body the message
	 * @param attachment the file, or {@code null}
	 */
	@Transactional
	public void replyAsPatient(Subject subject, UUID threadId, String body, Attachment attachment) {
		ThreadRow thread = thread(threadId).orElse(null);
		Grant grant = patientGrant(subject, thread, Action.SEND_MESSAGE, threadId);
		if (thread.closedAt() != null) {
			throw new MessageRefused("Your practice has closed this conversation. Start a new one if you need to.");
		}
		insertMessage(grant, threadId, true, subject.accountId(), null,
				checked(body, 5000, "Write your message (at most 5,000 characters)."), false, this.clock.instant(),
				patientFile(subject, thread.patient(), attachment));
	}

	/**
	 * Replies as the practice; the patient is e-mailed that there is a message (not what).
	 * @param staff a staff member who may see the conversation
	 * @param threadId the conversation
	 * @param body the message
	 * @param noReplyExpected whether to tell the patient no reply is expected
	 */
	@Transactional
	public void replyAsPractice(StaffMember staff, UUID threadId, String body, boolean noReplyExpected) {
		replyAsPractice(staff, threadId, body, noReplyExpected, null);
	}

	/**
	 * Replies as the practice with a file attached (published to the patient's documents), or
	 * {@code null}.
	 */
	@Transactional
	public void replyAsPractice(StaffMember staff, UUID threadId, String body, boolean noReplyExpected,
			Attachment attachment) {
		ThreadRow thread = thread(threadId).orElse(null);
		Grant grant = staffGrant(staff, thread, Action.SEND_MESSAGE, threadId);
		if (thread.closedAt() != null) {
			throw new MessageRefused("This conversation is closed.");
		}
		String text = checked(body, 5000, "Write the message (at most 5,000 characters).");
		UUID file = null;
		if (attachment != null) {
			try {
				file = this.documents.publish(this.practices.subject(staff), thread.patient(), DocumentKind.OTHER,
						"Sent with a message", attachment.filename(), attachment.content()).value();
			}
			catch (DocumentRejected ex) {
				throw new MessageRefused(ex.getMessage());
			}
		}
		insertMessage(grant, threadId, false, null, staff.id(), text, noReplyExpected, this.clock.instant(), file);
		this.accounts.addressOf(AccountHolder.patient(thread.patient().value()))
			.ifPresent(address -> this.notifications.send(address, Template.NEW_MESSAGE,
					Map.of("practice", this.practices.name(thread.practice())), null));
	}

	/**
	 * Closes a conversation: no more replies on either side.
	 * @param staff a staff member who may see it
	 * @param threadId the conversation
	 */
	@Transactional
	public void close(StaffMember staff, UUID threadId) {
		ThreadRow thread = thread(threadId).orElse(null);
		staffGrant(staff, thread, Action.SEND_MESSAGE, threadId);
		this.jdbc.sql("update message_thread set closed_at = :now, closed_by = :by where id = :id and closed_at is null")
			.param("now", Timestamp.from(this.clock.instant()))
			.param("by", staff.id())
			.param("id", threadId)
			.update();
	}

	/**
	 * @param subject the patient or their proxy
	 * @param patient whose
	 * @return their conversations, latest first, without messages
	 */
	@Transactional(readOnly = true)
	public List<Conversation> conversationsOf(Subject subject, PatientId patient) {
		Grant grant = this.gate.require(subject, patient, Action.READ_MESSAGES, "conversations");
		List<Conversation> list = new ArrayList<>();
		for (ThreadRow thread : threads("patient_id = :key", patient.value())) {
			list.add(summary(grant, thread, null, PATIENT_SIDE, false));
		}
		return list;
	}

	/**
	 * Opens a conversation for the patient side and marks its practice messages read.
	 * @param subject the patient or their proxy
	 * @param threadId the conversation
	 * @return it, with its messages
	 * @throws ThreadNotFound when it is not theirs
	 */
	@Transactional
	public Conversation openAsPatient(Subject subject, UUID threadId) {
		ThreadRow thread = thread(threadId).orElse(null);
		Grant grant = patientGrant(subject, thread, Action.READ_MESSAGES, threadId);
		Conversation opened = summary(grant, thread, null, PATIENT_SIDE, true);
		markRead(threadId, PATIENT_SIDE, false);
		return opened;
	}

	/**
	 * Every conversation of a patient with its messages, without marking anything read (for
	 * apps reading the record).
	 * @param subject the patient or their proxy (or an app acting for them)
	 * @param patient whose
	 * @return the conversations, latest first, with their messages
	 */
	@Transactional(readOnly = true)
	public List<Conversation> messagesOf(Subject subject, PatientId patient) {
		Grant grant = this.gate.require(subject, patient, Action.READ_MESSAGES, "conversations");
		List<Conversation> list = new ArrayList<>();
		for (ThreadRow thread : threads("patient_id = :key", patient.value())) {
			list.add(summary(grant, thread, null, PATIENT_SIDE, true));
		}
		return list;
	}

	/**
	 * @param staff a staff member
	 * @return the conversations of their practice they may see, latest first
	 */
	@Transactional(readOnly = true)
	public List<Conversation> conversationsFor(StaffMember staff) {
		List<ThreadRow> visible = threads("practice_id = :key", staff.practice().value())
			.stream()
			.filter(thread -> mayReach(staff, thread))
			.toList();
		Subject subject = this.practices.subject(staff);
		List<PatientId> whose = visible.stream().map(ThreadRow::patient).distinct().toList();
		Map<PatientId, Grant> grants = this.gate.requireEach(subject, whose, Action.READ_MESSAGES);
		Map<PatientId, String> names = names(subject, List.copyOf(grants.keySet()));
		List<Conversation> list = new ArrayList<>();
		for (ThreadRow thread : visible) {
			Grant grant = grants.get(thread.patient());
			if (grant != null) {
				list.add(summary(grant, thread, names.get(thread.patient()), staff.id().toString(), false));
			}
		}
		return list;
	}

	/**
	 * Opens a conversation for a staff member and marks the patient's messages read by them.
	 * @param staff a staff member who may see it
	 * @param threadId the conversation
	 * @return it, with its messages
	 * @throws ThreadNotFound when they may not
	 */
	@Transactional
	public Conversation openAsPractice(StaffMember staff, UUID threadId) {
		ThreadRow thread = thread(threadId).orElse(null);
		Grant grant = staffGrant(staff, thread, Action.READ_MESSAGES, threadId);
		Subject subject = this.practices.subject(staff);
		String name = names(subject, List.of(thread.patient())).get(thread.patient());
		Conversation opened = summary(grant, thread, name, staff.id().toString(), true);
		markRead(threadId, staff.id().toString(), true);
		return opened;
	}

	private Map<PatientId, String> names(Subject staff, List<PatientId> patients) {
		Map<PatientId, String> names = new HashMap<>();
		for (PatientSummary summary : this.patients
			.findAll(this.gate.requireEach(staff, patients, Action.READ_DEMOGRAPHICS).values())) {
			names.put(summary.id(), summary.displayName());
		}
		return names;
	}

	private boolean mayReach(StaffMember staff, ThreadRow thread) {
		return thread.practice().equals(staff.practice())
				&& (thread.addressedTo() == null || thread.addressedTo().equals(staff.id()));
	}

	private Grant patientGrant(Subject subject, ThreadRow thread, Action action, UUID threadId) {
		if (thread == null) {
			this.gate.recordUnknown(subject, action, "conversation:" + threadId);
			throw new ThreadNotFound();
		}
		try {
			return this.gate.require(subject, thread.patient(), action, "conversation:" + threadId);
		}
		catch (AccessDenied ex) {
			throw new ThreadNotFound();
		}
	}

	private Grant staffGrant(StaffMember staff, ThreadRow thread, Action action, UUID threadId) {
		Subject subject = this.practices.subject(staff);
		if (thread == null || !mayReach(staff, thread)) {
			this.gate.recordUnknown(subject, action, "conversation:" + threadId);
			throw new ThreadNotFound();
		}
		try {
			return this.gate.require(subject, thread.patient(), action, "conversation:" + threadId);
		}
		catch (AccessDenied ex) {
			throw new ThreadNotFound();
		}
	}

	private static String checked(String text, int limit, String problem) {
		String clean = text == null ? "" : text.strip();
		if (clean.isEmpty() || clean.length() > limit) {
			throw new MessageRefused(problem);
		}
		return clean;
	}

	private UUID patientFile(Subject subject, PatientId patient, Attachment attachment) {
		if (attachment == null) {
			return null;
		}
		if (subject.kind() != Subject.Kind.PATIENT || !subject.id().equals(patient.value())) {
			throw new MessageRefused("Only the patient can attach a file.");
		}
		try {
			return this.documents.upload(subject, "Sent with a message", attachment.filename(), attachment.content())
				.value();
		}
		catch (DocumentRejected ex) {
			throw new MessageRefused(ex.getMessage());
		}
	}

	private void insertMessage(Grant grant, UUID threadId, boolean fromPatient, UUID account, UUID staff, String body,
			boolean noReply, Instant at, UUID document) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into message (id, thread_id, sent_at, from_patient, author_account, author_staff, body, no_reply,
				  document_id)
				values (:id, :thread, :at, :fromPatient, :account, :staff, :body, :noReply, :document)
				""")
			.param("document", document)
			.param("id", id)
			.param("thread", threadId)
			.param("at", Timestamp.from(at))
			.param("fromPatient", fromPatient)
			.param("account", account)
			.param("staff", staff)
			.param("body", this.vault.seal(grant, BODY, id, body.getBytes(StandardCharsets.UTF_8)))
			.param("noReply", noReply)
			.update();
	}

	private void markRead(UUID threadId, String reader, boolean patientMessages) {
		this.jdbc.sql("""
				insert into message_read (message_id, reader, read_at)
				select id, :reader, :now from message where thread_id = :thread and from_patient = :side
				on conflict do nothing
				""")
			.param("reader", reader)
			.param("now", Timestamp.from(this.clock.instant()))
			.param("thread", threadId)
			.param("side", patientMessages)
			.update();
	}

	private record ThreadRow(UUID id, PatientId patient, PracticeId practice, UUID addressedTo, byte[] subject,
			Instant startedAt, Instant closedAt) {
	}

	private Optional<ThreadRow> thread(UUID id) {
		return threads("id = :key", id).stream().findFirst();
	}

	private List<ThreadRow> threads(String where, UUID key) {
		return this.jdbc.sql("select id, patient_id, practice_id, addressed_to, subject, started_at, closed_at "
				+ "from message_thread where " + where + " order by started_at desc")
			.param("key", key)
			.query((rs, n) -> new ThreadRow(rs.getObject(1, UUID.class), new PatientId(rs.getObject(2, UUID.class)),
					new PracticeId(rs.getObject(3, UUID.class)), rs.getObject(4, UUID.class), rs.getBytes(5),
					rs.getTimestamp(6).toInstant(),
					rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant()))
			.list();
	}

	private record MessageRow(UUID id, Instant sentAt, boolean fromPatient, UUID authorStaff, byte[] body,
			boolean noReply, Instant readByPatient, Instant readByStaff, boolean readByViewer, UUID document) {
	}

	private Conversation summary(Grant grant, ThreadRow thread, String patientName, String viewer, boolean withMessages) {
		String subject = new String(this.vault.open(grant, thread.patient(), SUBJECT, thread.id(), thread.subject()),
				StandardCharsets.UTF_8);
		List<MessageRow> rows = this.jdbc.sql("""
				select m.id, m.sent_at, m.from_patient, m.author_staff, m.body, m.no_reply,
				  (select min(read_at) from message_read r where r.message_id = m.id and r.reader = 'PATIENT'),
				  (select min(read_at) from message_read r where r.message_id = m.id and r.reader <> 'PATIENT'),
				  exists (select 1 from message_read r where r.message_id = m.id and r.reader = :viewer),
				  m.document_id
				from message m where m.thread_id = :thread order by m.sent_at, m.id
				""")
			.param("thread", thread.id())
			.param("viewer", viewer)
			.query((rs, n) -> new MessageRow(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(),
					rs.getBoolean(3), rs.getObject(4, UUID.class), rs.getBytes(5), rs.getBoolean(6),
					rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant(),
					rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant(), rs.getBoolean(9),
					rs.getObject(10, UUID.class)))
			.list();
		boolean patientViewer = PATIENT_SIDE.equals(viewer);
		int unread = (int) rows.stream()
			.filter(row -> row.fromPatient() != patientViewer && !row.readByViewer())
			.count();
		String addressedTo = thread.addressedTo() == null ? "The front desk"
				: this.practices.staffMember(thread.addressedTo()).map(StaffMember::displayName).orElse("A clinician");
		List<Conversation.Message> messages = new ArrayList<>();
		if (withMessages) {
			Map<UUID, String> staffNames = new HashMap<>();
			for (MessageRow row : rows) {
				String author = row.fromPatient() ? (patientViewer ? "You" : patientName == null ? "The patient" : patientName)
						: staffNames.computeIfAbsent(row.authorStaff(), id -> this.practices.staffMember(id)
							.map(member -> member.displayName() + (member.role() == StaffRole.RECEPTIONIST
									|| member.role() == StaffRole.PRACTICE_ADMIN ? " (front desk)" : ""))
							.orElse("Your practice"));
				String body = new String(this.vault.open(grant, thread.patient(), BODY, row.id(), row.body()),
						StandardCharsets.UTF_8);
				messages.add(new Conversation.Message(row.id(), row.fromPatient(), author, row.sentAt(), body,
						row.noReply(), row.fromPatient() ? row.readByStaff() : row.readByPatient(), row.document()));
			}
		}
		Instant last = rows.isEmpty() ? thread.startedAt() : rows.get(rows.size() - 1).sentAt();
		return new Conversation(thread.id(), thread.patient(), patientName, addressedTo, subject,
				thread.closedAt() != null, unread, last, messages);
	}

	/**
	 * Deletes every conversation of a patient, both sides, with who-read-what: for closing
	 * their account. Files the patient sent go with their uploads; files the practice sent
	 * stay with the practice's documents. A recorded decision of the gate.
	 * @param job the system task doing it
	 * @param patient whose conversations
	 * @return how many conversations were deleted
	 */
	@Transactional
	public int removeAllOf(Subject job, PatientId patient) {
		this.gate.require(job, patient, Action.REMOVE_MESSAGES, "all-conversations");
		this.jdbc.sql("""
				delete from message_read where message_id in
				  (select m.id from message m join message_thread t on t.id = m.thread_id where t.patient_id = :p)
				""").param("p", patient.value()).update();
		this.jdbc.sql("delete from message where thread_id in (select id from message_thread where patient_id = :p)")
			.param("p", patient.value())
			.update();
		return this.jdbc.sql("delete from message_thread where patient_id = :p").param("p", patient.value()).update();
	}

	/**
	 * Deletes a patient's conversations with one practice (the practice leaving the
	 * portal). A recorded decision of the gate.
	 * @param job the system task doing it
	 * @param practice the practice
	 * @param patient whose conversations
	 * @return how many conversations were deleted
	 */
	@Transactional
	public int removeWith(Subject job, PracticeId practice, PatientId patient) {
		this.gate.require(job, patient, Action.ERASE, "conversations:" + practice);
		String threads = "select id from message_thread where patient_id = :p and practice_id = :practice";
		this.jdbc.sql("delete from message_read where message_id in (select id from message where thread_id in ("
				+ threads + "))").param("p", patient.value()).param("practice", practice.value()).update();
		this.jdbc.sql("delete from message where thread_id in (" + threads + ")")
			.param("p", patient.value())
			.param("practice", practice.value())
			.update();
		return this.jdbc.sql("delete from message_thread where patient_id = :p and practice_id = :practice")
			.param("p", patient.value())
			.param("practice", practice.value())
			.update();
	}

}
