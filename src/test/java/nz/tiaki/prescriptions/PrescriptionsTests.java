package nz.tiaki.prescriptions;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nz.tiaki.access.AccessDenied;
import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffMember;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.records.Category;
import nz.tiaki.records.NewEntries;
import nz.tiaki.records.Records;
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
 * Repeat prescriptions: a patient asks for current medicines only; a clinician of their
 * practice answers with a message and fee and the patient is told by e-mail that there is an
 * answer; a receptionist and other practices see and decide nothing; a proxy allowed
 * prescriptions asks for the patient but sees nothing else of the record (HIPC rule 5 and
 * 11; OWASP API1).
 */
class PrescriptionsTests extends PortalTest {

	@Autowired
	private Prescriptions prescriptions;

	@Autowired
	private Records records;

	@Autowired
	private Practices practices;

	private Fixtures.TestPractice practice;

	private Fixtures.TestAccount doctor;

	private Fixtures.TestAccount patient;

	private PatientId patientId;

	@BeforeEach
	void aPatientOnTwoMedicines() {
		this.practice = this.fixtures.practice();
		this.doctor = this.fixtures.staff(this.practice, StaffRole.DOCTOR);
		this.patient = this.fixtures.patient(this.practice);
		this.patientId = new PatientId(this.patient.holderId());
		this.records.add(Fixtures.staffSubject(this.doctor), this.patientId,
				NewEntries.build(Category.MEDICATION, "Salbutamol inhaler", "2 puffs when needed", null, null, null, null));
		this.records.add(Fixtures.staffSubject(this.doctor), this.patientId,
				NewEntries.build(Category.MEDICATION, "Metformin 500 mg", "1 tablet twice a day", null, null, null, null));
		this.records.add(Fixtures.staffSubject(this.doctor), this.patientId,
				NewEntries.build(Category.CONDITION, "Type 2 diabetes", "", null, null, null, null));
	}

	private StaffMember member(Fixtures.TestAccount account) {
		return this.practices.staffMember(account.holderId()).orElseThrow();
	}

	@Test
	void aPatientAsksAndTheirDoctorAnswersOnThePages() {
		Visitor me = signedIn(this.patient);
		String page = me.get("/patient/repeats").body();
		assertThat(page).contains("Salbutamol inhaler").contains("Metformin 500 mg").doesNotContain("Type 2 diabetes");
		String salbutamol = this.prescriptions.medicines(Fixtures.patientSubject(this.patient), this.patientId)
			.stream()
			.filter(m -> m.name().equals("Salbutamol inhaler"))
			.findFirst()
			.orElseThrow()
			.entryId();
		assertThat(me.submit("/patient/repeats", "/patient/repeats",
				Map.of("medicine", salbutamol, "note", "Unichem Queen Street please")).redirect())
			.isEqualTo("/patient/repeats?done");

		Visitor gp = signedIn(this.doctor);
		String queue = gp.get("/practice/repeats").body();
		assertThat(queue).contains("Salbutamol inhaler (2 puffs when needed)").contains("Unichem Queen Street please");
		UUID id = this.prescriptions.queue(member(this.doctor)).get(0).id();
		assertThat(gp.submit("/practice/repeats", "/practice/repeats/" + id + "/decide",
				Map.of("decision", "approve", "message", "Ready on Friday", "fee", "15.00")).redirect())
			.isEqualTo("/practice/repeats?done");

		String answered = me.get("/patient/repeats").body();
		assertThat(answered).contains("Approved").contains("$15.00").contains("Ready on Friday");
		assertThat(this.jdbc.sql("select count(*) from outbox_message where dedup_key = :k")
			.param("k", "repeat:" + id)
			.query(Integer.class)
			.single()).as("the patient is told there is an answer").isEqualTo(1);
	}

	@Test
	void onlyCurrentMedicinesAndADeclineNeedsAReason() {
		assertThatThrownBy(() -> this.prescriptions.request(Fixtures.patientSubject(this.patient), this.patientId,
				List.of(UUID.randomUUID().toString()), ""))
			.isInstanceOf(RepeatRefused.class)
			.hasMessageContaining("current medicines");
		assertThatThrownBy(() -> this.prescriptions.request(Fixtures.patientSubject(this.patient), this.patientId,
				List.of(), "")).isInstanceOf(RepeatRefused.class);
		String any = this.prescriptions.medicines(Fixtures.patientSubject(this.patient), this.patientId).get(0).entryId();
		UUID id = this.prescriptions.request(Fixtures.patientSubject(this.patient), this.patientId, List.of(any), "");
		assertThatThrownBy(() -> this.prescriptions.decide(member(this.doctor), id, false, " ", null))
			.isInstanceOf(RepeatRefused.class)
			.hasMessageContaining("Say why");
	}

	@Test
	void aReceptionistAndAnotherPracticeSeeAndDecideNothing() {
		String any = this.prescriptions.medicines(Fixtures.patientSubject(this.patient), this.patientId).get(0).entryId();
		UUID id = this.prescriptions.request(Fixtures.patientSubject(this.patient), this.patientId, List.of(any), "");
		StaffMember receptionist = member(this.fixtures.staff(this.practice, StaffRole.RECEPTIONIST));
		assertThat(this.prescriptions.queue(receptionist)).isEmpty();
		assertThatThrownBy(() -> this.prescriptions.decide(receptionist, id, true, "", null))
			.isInstanceOf(RepeatNotFound.class);
		StaffMember outsider = member(this.fixtures.staff(this.fixtures.practice(), StaffRole.DOCTOR));
		assertThat(this.prescriptions.queue(outsider)).isEmpty();
		assertThatThrownBy(() -> this.prescriptions.decide(outsider, id, true, "", null))
			.isInstanceOf(RepeatNotFound.class);
		assertThat(this.prescriptions.requestsOf(Fixtures.patientSubject(this.patient), this.patientId).get(0).status())
			.isEqualTo(Repeat.Status.REQUESTED);
	}

	@Test
	void aProxyAllowedPrescriptionsAsksButSeesNothingElse() {
		Fixtures.TestAccount carer = this.fixtures.patient(this.practice);
		this.jdbc.sql("""
				insert into proxy_grant (id, patient_id, proxy_patient_id, scopes, granted_at)
				values (:id, :patient, :proxy, array['PRESCRIPTIONS'], :at)
				""")
			.param("id", UUID.randomUUID())
			.param("patient", this.patientId.value())
			.param("proxy", carer.holderId())
			.param("at", Timestamp.from(this.clock.instant()))
			.update();
		var asCarer = Fixtures.patientSubject(carer);
		List<Prescriptions.Medicine> medicines = this.prescriptions.medicines(asCarer, this.patientId);
		assertThat(medicines).extracting(Prescriptions.Medicine::name)
			.containsExactlyInAnyOrder("Salbutamol inhaler", "Metformin 500 mg");
		this.prescriptions.request(asCarer, this.patientId, List.of(medicines.get(0).entryId()), "");
		assertThat(this.prescriptions.requestsOf(asCarer, this.patientId)).hasSize(1);
		assertThatThrownBy(() -> this.records.summary(asCarer, this.patientId)).isInstanceOf(AccessDenied.class);
	}

}
