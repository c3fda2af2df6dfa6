package nz.tiaki.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import nz.tiaki.apps.Apps;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.messaging.Messaging;
import nz.tiaki.patients.ProxyArrangements;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.SmartApp;
import nz.tiaki.support.TestFiles;
import nz.tiaki.support.Visitor;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A patient closes their account: every session, app token and proxy arrangement ends at
 * that moment; their uploads and conversations are deleted; what the practice published
 * stays; a legal hold keeps the data but still closes the account (HIPC 2020 rules 9 and
 * 11; ASVS 5.0 V7.4 session termination; HIPAA 164.312(a)(2)(iii) automatic logoff is not
 * enough — access ends at once).
 */
class AccountClosureTests extends PortalTest {

	@Autowired
	private Documents documents;

	@Autowired
	private Messaging messaging;

	@Autowired
	private ProxyArrangements proxies;

	@Autowired
	private LegalHolds holds;

	@Autowired
	private Apps apps;

	private Fixtures.TestPractice practice;

	private Fixtures.TestAccount patient;

	private Fixtures.TestAccount doctor;

	private PatientId patientId;

	@BeforeEach
	void aPatientWithEverything() {
		this.practice = this.fixtures.practice();
		this.patient = this.fixtures.patient(this.practice);
		this.doctor = this.fixtures.staff(this.practice, StaffRole.DOCTOR);
		this.patientId = new PatientId(this.patient.holderId());
		this.documents.upload(Fixtures.patientSubject(this.patient), "My notes", "notes.pdf", TestFiles.pdf("Mine"));
		this.documents.publish(Fixtures.staffSubject(this.doctor), this.patientId, DocumentKind.LETTER, "Letter",
				"letter.pdf", TestFiles.pdf("From the practice"));
		this.messaging.start(Fixtures.patientSubject(this.patient), this.patientId, null, "A question", "Hello",
				new Messaging.Attachment("photo.pdf", TestFiles.pdf("Photo")));
	}

	private int count(String sql) {
		return this.jdbc.sql(sql).param("p", this.patientId.value()).query(Integer.class).single();
	}

	private Visitor.Page close(Visitor visitor, boolean understood) {
		return visitor.submit("/patient/account/close", "/patient/account/close",
				understood ? Map.of("understood", "true") : Map.of());
	}

	@Test
	void everythingEndsAtOnceAndThePracticesRecordStays() {
		Fixtures.TestAccount family = this.fixtures.patient(this.practice);
		Fixtures.TestAccount other = this.fixtures.patient(this.practice);
		this.proxies.grant(Fixtures.patientSubject(this.patient), family.username(), ProxyArrangements.Level.EVERYDAY,
				null);
		this.proxies.grant(Fixtures.patientSubject(other), this.patient.username(), ProxyArrangements.Level.EVERYDAY,
				null);
		Visitor elsewhere = signedIn(this.patient);
		SmartApp app = new SmartApp(ORIGIN, this.apps.registerPatientApp("Closure app", List.of(SmartApp.REDIRECT)));
		SmartApp.Tokens tokens = app.connect(signedIn(this.patient), "launch/patient patient/*.rs offline_access");
		IGenericClient fhir = app.fhir(tokens.accessToken());
		assertThat(fhir.read().resource(Patient.class).withId(this.patientId.value().toString()).execute()).isNotNull();

		Visitor me = signedIn(this.patient);
		assertThat(me.get("/patient/account/close").body()).contains("Download a copy of your information");
		assertThat(close(me, false).body()).as("not without saying so").contains("Tick the box");
		assertThat(count("select count(*) from account where holder_id = :p")).isEqualTo(1);

		this.clock.advance(Duration.ofMinutes(6));
		Visitor.Page stale = close(me, true);
		assertThat(stale.redirect()).as("a fresh second factor first").isEqualTo("/account/confirm");
		assertThat(count("select count(*) from account where holder_id = :p")).isEqualTo(1);
		Visitor.Page confirmed = me.submit("/account/confirm", "/account/confirm",
				Map.of("code", this.patient.codeAt(this.clock)));
		assertThat(confirmed.redirect()).isEqualTo("/patient/account/close?confirmed");

		Visitor.Page closed = close(me, true);
		assertThat(closed.redirect()).isEqualTo("/signin?closed");

		assertThat(count("select count(*) from account where holder_id = :p")).isZero();
		assertThat(me.get("/patient").status()).as("this session").isEqualTo(302);
		assertThat(elsewhere.get("/patient").status()).as("every other session").isEqualTo(302);
		assertThatThrownBy(() -> fhir.read().resource(Patient.class).withId(this.patientId.value().toString()).execute())
			.as("the app's access token").isInstanceOf(AuthenticationException.class);
		assertThat(app.refresh(tokens.refreshToken()).status()).as("the app's refresh token").isEqualTo(400);
		assertThat(this.jdbc.sql("""
				select count(*) from proxy_grant
				where (patient_id = :p or proxy_patient_id = :p) and revoked_at is null
				""").param("p", this.patientId.value()).query(Integer.class).single()).as("both ways").isZero();
		Visitor.Page again = visitor().signIn(this.patient.username(), this.patient.password());
		assertThat(again.redirect()).as("the password no longer signs in").isNotEqualTo("/signin/factor");

		assertThat(count("select count(*) from document where patient_id = :p and source = 'PATIENT'")).isZero();
		assertThat(count("select count(*) from message_thread where patient_id = :p")).isZero();
		assertThat(count("select count(*) from document where patient_id = :p and source = 'PRACTICE'"))
			.as("the practice's letter stays with the practice").isEqualTo(1);
		assertThat(count("select count(*) from patient where id = :p")).isEqualTo(1);
		assertThat(this.jdbc.sql("select count(*) from audit_event where event_type = 'ACCOUNT_CLOSED' and account_id = :a")
			.param("a", this.patient.id().value())
			.query(Integer.class)
			.single()).isEqualTo(1);

		Visitor gp = signedIn(this.doctor);
		assertThat(gp.get("/practice/patients/" + this.patientId.value()).status())
			.as("the practice still has its patient").isEqualTo(200);
	}

	@Test
	void aHeldPatientsAccountClosesButTheirDataStays() {
		UUID hold = this.holds.place(this.patientId, null, "Investigation 7", "operator.test");
		Visitor me = signedIn(this.patient);
		assertThat(close(me, true).redirect()).isEqualTo("/signin?closed");
		assertThat(count("select count(*) from account where holder_id = :p")).isZero();
		assertThat(count("select count(*) from document where patient_id = :p and source = 'PATIENT'")).isEqualTo(2);
		assertThat(count("select count(*) from message_thread where patient_id = :p")).isEqualTo(1);
		this.holds.lift(hold, "operator.test");
	}

	@Test
	void aStaffMemberCannotUseIt() {
		Visitor gp = signedIn(this.doctor);
		assertThat(gp.get("/patient/account/close").status()).isEqualTo(403);
		assertThat(gp.postForm("/patient/account/close", Map.of("understood", "true",
				"_csrf", gp.get("/practice").csrf().orElseThrow())).status()).isEqualTo(403);
		assertThat(this.jdbc.sql("select count(*) from account where holder_id = :d")
			.param("d", this.doctor.holderId())
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

}
