package nz.tiaki.records;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.AccessGate;
import nz.tiaki.access.Subject;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.Visitor;
import nz.tiaki.support.Visitor.Page;
import nz.tiaki.shared.ids.PatientId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The clinical record: sealed entries behind the gate, release rules, roles, proxies and
 * emergency access (HIPC rule 5 and 11; HIPAA 164.312(a)(1), 164.312(a)(2)(ii); ASVS 5.0
 * V8.2).
 */
class RecordsTests extends PortalTest {

	@Autowired
	private Records records;

	@Autowired
	private AccessGate gate;

	private Fixtures.TestPractice practice;

	private Fixtures.TestAccount doctor;

	private Fixtures.TestAccount patient;

	private PatientId patientId;

	@BeforeEach
	void people() {
		this.practice = this.fixtures.practice();
		this.doctor = this.fixtures.staff(this.practice, StaffRole.DOCTOR);
		this.patient = this.fixtures.patient(this.practice);
		this.patientId = new PatientId(this.patient.holderId());
	}

	private EntryId result(String name, String value) {
		return this.records.add(Fixtures.staffSubject(this.doctor), this.patientId,
				NewEntries.build(Category.RESULT, name, "", value, "mmol/L", "3.5", "5.5"));
	}

	@Test
	void aResultReachesThePatientOnlyWhenReleased() {
		EntryId id = result("Potassium canary-result-K", "6.1");
		Visitor visitor = signedIn(this.patient);

		assertThat(visitor.get("/patient/results").body()).doesNotContain("canary-result-K");
		assertThat(visitor.get("/patient/results/" + id).status()).isEqualTo(404);

		this.records.release(Fixtures.staffSubject(this.doctor), id);

		assertThat(visitor.get("/patient/results").body()).contains("canary-result-K").contains("High");
		Page shown = visitor.get("/patient/results/" + id);
		assertThat(shown.status()).isEqualTo(200);
		assertThat(shown.body()).contains("higher than the normal range").contains("3.5 to 5.5");
	}

	@Test
	void anUnreleasedResultIsReleasedAutomaticallyAfterThePracticeDelay() {
		EntryId id = result("Sodium delayed-canary", "140");
		assertThat(signedIn(this.patient).get("/patient/results/" + id).status()).isEqualTo(404);

		this.clock.advance(Duration.ofDays(7).plusMinutes(1));

		assertThat(signedIn(this.patient).get("/patient/results/" + id).status()).isEqualTo(200);
	}

	@Test
	void summaryEntriesAreVisibleAtOnce() {
		this.records.add(Fixtures.staffSubject(this.doctor), this.patientId,
				NewEntries.build(Category.ALLERGY, "Penicillin canary-allergy", "high", null, null, null, null));

		assertThat(signedIn(this.patient).get("/patient/health").body()).contains("Penicillin canary-allergy");
	}

	@Test
	void anotherPatientsEntryAnswersExactlyLikeAMissingOne() {
		EntryId id = result("Glucose foreign-canary", "5.0");
		this.records.release(Fixtures.staffSubject(this.doctor), id);
		Visitor other = signedIn(this.fixtures.patient(this.practice));

		Page foreign = other.get("/patient/results/" + id);
		Page missing = other.get("/patient/results/" + UUID.randomUUID());

		assertThat(foreign.status()).isEqualTo(404);
		assertThat(missing.status()).isEqualTo(404);
		assertThat(foreign.body()).doesNotContain("foreign-canary");
		assertThat(strip(foreign.body())).isEqualTo(strip(missing.body()));
		assertThat(this.jdbc.sql("select count(*) from audit_event where object_ref = :id and decision = 'DENY'")
			.param("id", id.toString())
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	@Test
	void aReceptionistSeesDetailsButNeverClinicalContent() {
		result("Haemoglobin reception-canary", "130");
		Fixtures.TestAccount receptionist = this.fixtures.staff(this.practice, StaffRole.RECEPTIONIST);

		Page page = signedIn(receptionist).get("/practice/patients/" + this.patientId);

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("Your role shows a patient").doesNotContain("reception-canary");
		assertThatThrownBy(() -> this.records.list(Fixtures.staffSubject(receptionist), this.patientId, Category.RESULT))
			.isInstanceOf(AccessDenied.class);
	}

	@Test
	void aDoctorOfAnotherPracticeIsDeniedUntilEmergencyAccessAndThatIsFlagged() {
		result("Troponin emergency-canary", "0.01");
		Fixtures.TestPractice elsewhere = this.fixtures.practice();
		Fixtures.TestAccount outsider = this.fixtures.staff(elsewhere, StaffRole.DOCTOR);
		Subject subject = Fixtures.staffSubject(outsider);
		assertThatThrownBy(() -> this.records.list(subject, this.patientId, Category.RESULT))
			.isInstanceOf(AccessDenied.class);
		Visitor visitor = signedIn(outsider);
		assertThat(visitor.get("/practice/patients/" + this.patientId).status()).isEqualTo(404);

		Page refused = visitor.submit("/practice", "/practice/patients/" + this.patientId + "/emergency",
				Map.of("reason", "short"));
		assertThat(refused.body()).contains("at least 10 characters");
		Page opened = visitor.submit("/practice", "/practice/patients/" + this.patientId + "/emergency",
				Map.of("reason", "Unconscious in ED, needs medication history"));
		assertThat(opened.redirect()).isEqualTo("/practice/patients/" + this.patientId);

		assertThat(visitor.get("/practice/patients/" + this.patientId).body()).contains("emergency-canary");
		assertThat(this.jdbc.sql("""
				select count(*) from audit_event where patient_id = :p and break_glass and decision = 'ALLOW'
				and action = 'READ_RESULTS'
				""").param("p", this.patientId.value()).query(Integer.class).single()).isPositive();

		this.clock.advance(Duration.ofMinutes(61));
		assertThatThrownBy(() -> this.records.list(subject, this.patientId, Category.RESULT))
			.isInstanceOf(AccessDenied.class);
	}

	@Test
	void aReceptionistCannotUseEmergencyAccess() {
		Fixtures.TestAccount receptionist = this.fixtures.staff(this.fixtures.practice(), StaffRole.RECEPTIONIST);

		assertThatThrownBy(() -> this.gate.breakGlass(Fixtures.staffSubject(receptionist), this.patientId,
				"I would like to look at this record please"))
			.isInstanceOf(AccessDenied.class);
		assertThat(this.jdbc.sql("select count(*) from break_glass where patient_id = :p")
			.param("p", this.patientId.value())
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void aProxyWithFullRecordScopeReadsAndAnAppointmentsOnlyProxyDoesNot() {
		result("Ferritin proxy-canary", "50");
		Fixtures.TestAccount full = this.fixtures.patient(this.practice);
		Fixtures.TestAccount appointmentsOnly = this.fixtures.patient(this.practice);
		proxy(full, "FULL_RECORD", null);
		proxy(appointmentsOnly, "APPOINTMENTS", null);

		assertThat(this.records.summary(Fixtures.patientSubject(full), this.patientId)).isNotNull();
		assertThatThrownBy(() -> this.records.summary(Fixtures.patientSubject(appointmentsOnly), this.patientId))
			.isInstanceOf(AccessDenied.class);
		assertThat(this.jdbc.sql("select count(*) from audit_event where on_behalf_of = :p and actor_id = :a")
			.param("p", this.patientId.value())
			.param("a", full.holderId())
			.query(Integer.class)
			.single()).isPositive();
	}

	@Test
	void anExpiredProxyGetsNothing() {
		Fixtures.TestAccount lapsed = this.fixtures.patient(this.practice);
		proxy(lapsed, "FULL_RECORD", java.time.Instant.now().minusSeconds(60));

		assertThatThrownBy(() -> this.records.summary(Fixtures.patientSubject(lapsed), this.patientId))
			.isInstanceOf(AccessDenied.class);
	}

	private void proxy(Fixtures.TestAccount proxy, String scope, java.time.Instant expires) {
		this.jdbc.sql("""
				insert into proxy_grant (id, patient_id, proxy_patient_id, scopes, granted_at, expires_at)
				values (:id, :patient, :proxy, array[:scope], now(), :expires)
				""")
			.param("id", UUID.randomUUID())
			.param("patient", this.patientId.value())
			.param("proxy", proxy.holderId())
			.param("scope", scope)
			.param("expires", expires == null ? null : java.sql.Timestamp.from(expires))
			.update();
	}

	@Test
	void everyReadIsRecordedBeforeTheDataLeaves() {
		EntryId id = result("Lipase audit-canary", "40");
		this.records.release(Fixtures.staffSubject(this.doctor), id);
		long before = this.jdbc.sql("select count(*) from audit_event where patient_id = :p and decision = 'ALLOW'")
			.param("p", this.patientId.value())
			.query(Long.class)
			.single();

		signedIn(this.patient).get("/patient/results/" + id);

		assertThat(this.jdbc.sql("select count(*) from audit_event where patient_id = :p and decision = 'ALLOW'"
				+ " and action = 'READ_RESULTS' and object_ref = :id")
			.param("p", this.patientId.value())
			.param("id", id.toString())
			.query(Long.class)
			.single()).isEqualTo(1);
		assertThat(this.jdbc.sql("select count(*) from audit_event where patient_id = :p and decision = 'ALLOW'")
			.param("p", this.patientId.value())
			.query(Long.class)
			.single()).isGreaterThan(before);
	}

	@Test
	void aResultWithoutANumberIsRefusedPlainly() {
		Visitor visitor = signedIn(this.doctor);

		Page refused = visitor.submit("/practice/patients/" + this.patientId,
				"/practice/patients/" + this.patientId + "/entries",
				Map.of("category", "RESULT", "name", "Glucose", "value", "high-ish", "unit", "mmol/L"));

		assertThat(refused.status()).isEqualTo(200);
		assertThat(refused.body()).contains("Enter the result as a number");
		assertThat(this.jdbc.sql("select count(*) from clinical_entry where patient_id = :p")
			.param("p", this.patientId.value())
			.query(Integer.class)
			.single()).isZero();
	}

	private static String strip(String body) {
		return body.replaceAll("value=\"[^\"]*\"", "")
			.replaceAll("content=\"[^\"]*\"", "")
			.replaceAll("Reference: <strong>[A-Z0-9-]+</strong>", "");
	}

}
