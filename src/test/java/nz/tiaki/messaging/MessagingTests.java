package nz.tiaki.messaging;

import java.sql.Timestamp;
import java.util.Map;
import java.util.UUID;

import nz.tiaki.access.AccessDenied;
import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffMember;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.Visitor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Secure messaging: a patient writes to the front desk or a named clinician; only the staff
 * it is for see it; each side sees when the other read its messages; the practice can close
 * a conversation and say no reply is needed; bodies are sealed at rest; the patient's e-mail
 * says only that there is a message; a messages proxy writes but sees nothing else (HIPC rule
 * 5; OWASP API1).
 */
class MessagingTests extends PortalTest {

	@Autowired
	private Messaging messaging;

	@Autowired
	private Practices practices;

	@Autowired
	private nz.tiaki.records.Records records;

	private Fixtures.TestPractice practice;

	private Fixtures.TestAccount doctor;

	private Fixtures.TestAccount otherDoctor;

	private Fixtures.TestAccount receptionist;

	private Fixtures.TestAccount patient;

	private PatientId patientId;

	@BeforeEach
	void aPracticeAndAPatient() {
		this.practice = this.fixtures.practice();
		this.doctor = this.fixtures.staff(this.practice, StaffRole.DOCTOR);
		this.otherDoctor = this.fixtures.staff(this.practice, StaffRole.DOCTOR);
		this.receptionist = this.fixtures.staff(this.practice, StaffRole.RECEPTIONIST);
		this.patient = this.fixtures.patient(this.practice);
		this.patientId = new PatientId(this.patient.holderId());
	}

	private StaffMember member(Fixtures.TestAccount account) {
		return this.practices.staffMember(account.holderId()).orElseThrow();
	}

	@Test
	void aConversationWithANamedDoctorOnThePages() {
		String secret = "Rash after starting the new tablets " + System.nanoTime();
		Visitor me = signedIn(this.patient);
		assertThat(me.get("/patient/messages/new").body()).contains("The front desk");
		Visitor.Page sent = me.submit("/patient/messages/new", "/patient/messages/new",
				Map.of("to", this.doctor.holderId().toString(), "subject", "New tablets", "body", secret));
		assertThat(sent.redirect()).startsWith("/patient/messages/");
		String thread = sent.redirect().replaceAll("^/patient/messages/([0-9a-f-]{36}).*$", "$1");

		assertThat(signedIn(this.otherDoctor).get("/practice/messages/" + thread).status())
			.as("another doctor of the same practice").isEqualTo(404);
		assertThat(signedIn(this.receptionist).get("/practice/messages").body()).doesNotContain("New tablets");

		Visitor gp = signedIn(this.doctor);
		assertThat(gp.get("/practice/messages").body()).contains("New tablets").contains("1 new");
		assertThat(gp.get("/practice/messages/" + thread).body()).contains(secret);
		assertThat(gp.submit("/practice/messages/" + thread, "/practice/messages/" + thread + "/reply",
				Map.of("body", "Please stop them and book a phone appointment.", "noReply", "true")).redirect())
			.isEqualTo("/practice/messages/" + thread);

		String mine = me.get("/patient/messages/" + thread).body();
		assertThat(mine).contains("Please stop them").contains("No reply is needed").contains("Read ");
		assertThat(gp.get("/practice/messages/" + thread).body()).as("the doctor sees the patient read it")
			.contains("Read ");
		assertThat(this.jdbc.sql("select count(*) from outbox_message where template = 'NEW_MESSAGE' "
				+ "and values_json not like :secret").param("secret", "%stop them%").query(Integer.class).single())
			.isPositive();
		assertThat(this.jdbc.sql("select count(*) from message where position(convert_to(:s, 'UTF8') in body) > 0")
			.param("s", secret)
			.query(Integer.class)
			.single()).as("sealed at rest").isZero();

		gp.submit("/practice/messages/" + thread, "/practice/messages/" + thread + "/close", Map.of());
		assertThatThrownBy(() -> this.messaging.replyAsPatient(Fixtures.patientSubject(this.patient), UUID.fromString(thread),
				"One more thing")).isInstanceOf(MessageRefused.class).hasMessageContaining("closed");
	}

	@Test
	void theFrontDeskSeesFrontDeskConversationsAndNoOneElseSeesThePatients() {
		UUID thread = this.messaging.start(Fixtures.patientSubject(this.patient), this.patientId, null, "Change of address",
				"I have moved to Kōwhai Street.");
		assertThat(this.messaging.conversationsFor(member(this.receptionist))).extracting(Conversation::id).contains(thread);
		StaffMember elsewhere = member(this.fixtures.staff(this.fixtures.practice(), StaffRole.RECEPTIONIST));
		assertThat(this.messaging.conversationsFor(elsewhere)).extracting(Conversation::id).doesNotContain(thread);
		assertThatThrownBy(() -> this.messaging.openAsPractice(elsewhere, thread)).isInstanceOf(ThreadNotFound.class);
		Fixtures.TestAccount stranger = this.fixtures.patient(this.practice);
		assertThatThrownBy(() -> this.messaging.openAsPatient(Fixtures.patientSubject(stranger), thread))
			.isInstanceOf(ThreadNotFound.class);
		assertThatThrownBy(() -> this.messaging.start(Fixtures.patientSubject(this.patient), this.patientId,
				member(this.fixtures.staff(this.fixtures.practice(), StaffRole.DOCTOR)).id(), "Hi", "Hello"))
			.isInstanceOf(MessageRefused.class);
	}

	@Test
	void aMessagesProxyWritesButSeesNothingElse() {
		Fixtures.TestAccount parent = this.fixtures.patient(this.practice);
		this.jdbc.sql("""
				insert into proxy_grant (id, patient_id, proxy_patient_id, scopes, granted_at)
				values (:id, :patient, :proxy, array['MESSAGES'], :at)
				""")
			.param("id", UUID.randomUUID())
			.param("patient", this.patientId.value())
			.param("proxy", parent.holderId())
			.param("at", Timestamp.from(this.clock.instant()))
			.update();
		UUID thread = this.messaging.start(Fixtures.patientSubject(parent), this.patientId, null, "Sick note",
				"She needs a note for school.");
		assertThat(this.messaging.conversationsOf(Fixtures.patientSubject(this.patient), this.patientId))
			.extracting(Conversation::id)
			.contains(thread);
		assertThatThrownBy(() -> this.records.summary(Fixtures.patientSubject(parent), this.patientId))
			.isInstanceOf(AccessDenied.class);
	}


	@Test
	void aFileTravelsWithAMessageThroughTheDocumentChecks() {
		Visitor me = signedIn(this.patient);
		String csrf = me.get("/patient/messages/new").csrf().orElseThrow();
		Visitor.Page refused = me.send(new nz.tiaki.support.Multipart().field("to", "")
			.field("subject", "Program")
			.field("body", "Please run this")
			.file("file", "setup.pdf", "application/pdf", nz.tiaki.support.TestFiles.executable())
			.post(me, "/patient/messages/new", csrf, "text/html"));
		assertThat(refused.status()).isEqualTo(200);
		assertThat(refused.body()).contains("There is a problem");
		assertThat(this.messaging.conversationsOf(Fixtures.patientSubject(this.patient), this.patientId))
			.as("nothing stored").isEmpty();

		Visitor.Page sent = me.send(new nz.tiaki.support.Multipart().field("to", "")
			.field("subject", "Referral letter")
			.field("body", "Here is the letter from the hospital.")
			.file("file", "letter.pdf", "application/pdf", nz.tiaki.support.TestFiles.pdf("Hospital letter"))
			.post(me, "/patient/messages/new", csrf, "text/html"));
		assertThat(sent.status()).isEqualTo(302);
		String thread = sent.redirect().replaceAll("^/patient/messages/([0-9a-f-]{36}).*$", "$1");
		UUID document = this.messaging.openAsPatient(Fixtures.patientSubject(this.patient), UUID.fromString(thread))
			.messages()
			.get(0)
			.attachment();
		assertThat(document).isNotNull();

		Visitor desk = signedIn(this.receptionist);
		assertThat(desk.get("/practice/messages/" + thread).body()).contains("Download the attached file");
		Visitor.Page link = desk.submit("/practice/messages/" + thread, "/practice/documents/" + document + "/download",
				Map.of());
		assertThat(link.status()).as("the receptionist may not open documents, even attached ones").isIn(403, 404);
		Visitor gp = signedIn(this.doctor);
		Visitor.Binary opened = gp.download("/practice/messages", "/practice/documents/" + document + "/download");
		assertThat(opened.status()).isEqualTo(200);
		assertThat(opened.text()).startsWith("%PDF");
	}

}
