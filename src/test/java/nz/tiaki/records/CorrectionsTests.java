package nz.tiaki.records;

import java.util.Map;
import java.util.UUID;

import nz.tiaki.clinics.StaffRole;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.Visitor;
import org.hl7.fhir.r4.model.Condition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Corrections (HIPC 2020 rule 7): a patient asks; a clinician corrects the entry, keeping
 * the earlier version, or keeps it and attaches the patient's statement; the patient sees
 * the outcome; nobody else can ask or answer (ASVS 5.0 V8.2 authorisation; HIPAA
 * 164.526 amendment).
 */
class CorrectionsTests extends PortalTest {

	@Autowired
	private Records records;

	@Autowired
	private Corrections corrections;

	private Fixtures.TestPractice practice;

	private Fixtures.TestAccount patient;

	private Fixtures.TestAccount doctor;

	private PatientId patientId;

	private EntryId diabetes;

	private EntryId asthma;

	@BeforeEach
	void aRecordWithAMistake() {
		this.practice = this.fixtures.practice();
		this.patient = this.fixtures.patient(this.practice);
		this.doctor = this.fixtures.staff(this.practice, StaffRole.DOCTOR);
		this.patientId = new PatientId(this.patient.holderId());
		this.diabetes = this.records.add(Fixtures.staffSubject(this.doctor), this.patientId,
				NewEntries.build(Category.CONDITION, "Type 2 diabetes", null, null, null, null, null));
		this.asthma = this.records.add(Fixtures.staffSubject(this.doctor), this.patientId,
				NewEntries.build(Category.CONDITION, "Asthma", null, null, null, null, null));
	}

	private String ask(Visitor me, EntryId entry, String words) {
		return me.submit("/patient/record/" + entry + "/correction", "/patient/record/" + entry + "/correction",
				Map.of("request", words)).redirect();
	}

	private String title(EntryId id) {
		return ((Condition) this.records.get(Fixtures.staffSubject(this.doctor), id).resource()).getCode().getText();
	}

	@Test
	void aCorrectionIsMadeAndTheEarlierVersionKept() {
		Visitor me = signedIn(this.patient);
		assertThat(me.get("/patient/health").body()).contains("Ask for a correction");
		assertThat(me.submit("/patient/record/" + this.diabetes + "/correction",
				"/patient/record/" + this.diabetes + "/correction", Map.of("request", "wrong")).body())
			.contains("Say what is wrong");
		assertThat(ask(me, this.diabetes, "I have never had diabetes; it is prediabetes, found in March."))
			.isEqualTo("/patient/corrections?sent");
		assertThat(me.get("/patient/corrections").body()).contains("Waiting for your practice").contains("prediabetes");
		assertThat(me.submit("/patient/record/" + this.diabetes + "/correction",
				"/patient/record/" + this.diabetes + "/correction", Map.of("request", "Again, it is prediabetes."))
			.body()).as("one open request per entry").contains("already asked");

		Visitor gp = signedIn(this.doctor);
		String queue = gp.get("/practice/corrections").body();
		assertThat(queue).contains("Type 2 diabetes");
		String request = queue.replaceAll("(?s).*href=\"/practice/corrections/([0-9a-f-]{36})\".*", "$1");
		assertThat(gp.get("/practice/corrections/" + request).body()).contains("prediabetes");
		Visitor.Page corrected = gp.submit("/practice/corrections/" + request,
				"/practice/corrections/" + request + "/correct",
				Map.of("name", "Prediabetes", "detail", "", "message", "Thank you, you are right."));
		assertThat(corrected.redirect()).isEqualTo("/practice/corrections?answered");

		assertThat(title(this.diabetes)).isEqualTo("Prediabetes");
		assertThat(this.corrections.earlierVersions(Fixtures.staffSubject(this.doctor), this.diabetes))
			.extracting(entry -> ((Condition) entry.resource()).getCode().getText())
			.containsExactly("Type 2 diabetes");
		assertThat(me.get("/patient/corrections").body()).contains("Corrected").contains("Thank you, you are right.");
		assertThat(me.get("/patient/health").body()).contains("Prediabetes").doesNotContain("Type 2 diabetes");
		assertThat(this.jdbc.sql("select count(*) from outbox_message where template = 'CORRECTION_ANSWERED' "
				+ "and dedup_key = :k").param("k", "correction:" + request).query(Integer.class).single()).isEqualTo(1);
		assertThat(gp.submit("/practice/corrections", "/practice/corrections/" + request + "/keep",
				Map.of("reason", "Answering a second time")).body()).contains("already been answered");
	}

	@Test
	void aKeptEntryCarriesThePatientsStatement() {
		UUID request = this.corrections.request(Fixtures.patientSubject(this.patient), this.asthma,
				"My asthma went away in childhood; please mark it as past.");
		assertThatThrownBy(() -> this.corrections.keepWithStatement(Fixtures.staffSubject(this.doctor), request, "no"))
			.isInstanceOf(CorrectionRefused.class);
		this.corrections.keepWithStatement(Fixtures.staffSubject(this.doctor), request,
				"You were treated for asthma last winter, so it stays current.");

		assertThat(title(this.asthma)).isEqualTo("Asthma");
		assertThat(this.corrections.earlierVersions(Fixtures.staffSubject(this.doctor), this.asthma)).isEmpty();
		Visitor gp = signedIn(this.doctor);
		assertThat(gp.get("/practice/patients/" + this.patientId.value()).body())
			.contains("The patient's statements on their record")
			.contains("please mark it as past");
		assertThat(signedIn(this.patient).get("/patient/corrections").body()).contains("your statement is attached")
			.contains("last winter");
	}

	@Test
	void nobodyElseAsksOrAnswers() {
		Fixtures.TestAccount stranger = this.fixtures.patient(this.practice);
		Visitor other = signedIn(stranger);
		assertThat(other.get("/patient/record/" + this.diabetes + "/correction").status()).isEqualTo(404);
		assertThat(other.submit("/patient/health", "/patient/record/" + this.diabetes + "/correction",
				Map.of("request", "Someone else's record, changed by me")).status()).isEqualTo(404);
		assertThat(this.jdbc.sql("select count(*) from correction_request where entry_id = :e")
			.param("e", this.diabetes.value())
			.query(Integer.class)
			.single()).isZero();

		UUID request = this.corrections.request(Fixtures.patientSubject(this.patient), this.diabetes,
				"It is prediabetes, not diabetes.");
		Visitor desk = signedIn(this.fixtures.staff(this.practice, StaffRole.RECEPTIONIST));
		assertThat(desk.get("/practice/corrections").status()).isEqualTo(404);
		Fixtures.TestAccount elsewhere = this.fixtures.staff(this.fixtures.practice(), StaffRole.DOCTOR);
		assertThat(this.corrections.waiting(Fixtures.staffSubject(elsewhere),
				this.fixtures.practice().id())).isEmpty();
		Visitor otherDoctor = signedIn(elsewhere);
		assertThat(otherDoctor.get("/practice/corrections/" + request).status()).isEqualTo(404);
		assertThat(otherDoctor.submit("/practice/corrections", "/practice/corrections/" + request + "/correct",
				Map.of("name", "Changed by a stranger")).status()).isEqualTo(404);
		assertThat(title(this.diabetes)).isEqualTo("Type 2 diabetes");
	}

}
