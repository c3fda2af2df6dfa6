package nz.tiaki.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import nz.tiaki.apps.Apps;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentId;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.web.RequestOrigin;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.SmartApp;
import nz.tiaki.support.TestFiles;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The read budgets hold for a stolen app token exactly as for a stolen session: the app's
 * grant is counted like a session, so a token pulling documents as fast as it can is
 * stopped by the 31st, and one guessing document ids is locked by its 10th refusal — each
 * with an alert naming the grant (Manage My Health, 2025; OWASP API4 unrestricted resource
 * consumption; HIPC rule 5).
 */
class AppTokenBudgetTests extends PortalTest {

	@Autowired
	private Apps apps;

	@Autowired
	private Documents documents;

	private Fixtures.TestAccount patient;

	private PatientId patientId;

	private final List<DocumentId> own = new ArrayList<>();

	private SmartApp app;

	@BeforeEach
	void aPatientWithManyDocuments() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		this.patient = this.fixtures.patient(practice);
		this.patientId = new PatientId(this.patient.holderId());
		for (int i = 0; i < 31; i++) {
			this.own.add(this.documents.publish(Fixtures.staffSubject(doctor), this.patientId, DocumentKind.LETTER,
					"Letter " + i, "letter.pdf", TestFiles.pdf("letter " + i)));
		}
		this.app = new SmartApp(ORIGIN, this.apps.registerPatientApp("Budget app", List.of(SmartApp.REDIRECT)));
	}

	private String grantOf(String clientId) {
		String id = this.jdbc.sql("""
				select a.id from oauth2_authorization a join oauth2_registered_client c on c.id = a.registered_client_id
				where c.client_id = :client and a.principal_name = :account
				""")
			.param("client", clientId)
			.param("account", this.patient.id().toString())
			.query(String.class)
			.single();
		return "app:" + RequestOrigin.digest(id);
	}

	private int alerts(String kind, String session) {
		return this.jdbc.sql("select count(*) from security_alert where kind = :k and session_ref = :s")
			.param("k", kind)
			.param("s", session)
			.query(Integer.class)
			.single();
	}

	@Test
	void aTokenPullingDocumentsIsStoppedByThe31st() {
		IGenericClient fhir = this.app.fhir(this.app.connect(signedIn(this.patient), "launch/patient patient/*.rs").accessToken());
		for (int i = 0; i < 30; i++) {
			Binary content = fhir.read().resource(Binary.class).withId("doc-" + this.own.get(i).value()).execute();
			assertThat(content.getContentType()).as("document %d", i + 1).isEqualTo("application/pdf");
		}
		assertThatThrownBy(() -> fhir.read().resource(Binary.class).withId("doc-" + this.own.get(30).value()).execute())
			.isInstanceOf(ForbiddenOperationException.class)
			.hasMessageContaining("Too many documents");
		assertThat(alerts("STEP_UP", grantOf(this.app.clientId()))).isEqualTo(1);
	}

	@Test
	void aTokenGuessingIdsIsLockedByItsTenthRefusal() {
		IGenericClient fhir = this.app.fhir(this.app.connect(signedIn(this.patient), "launch/patient patient/*.rs").accessToken());
		for (int i = 0; i < 10; i++) {
			String guess = "doc-" + UUID.randomUUID();
			assertThatThrownBy(() -> fhir.read().resource(DocumentReference.class).withId(guess).execute())
				.as("guess %d", i + 1)
				.isInstanceOf(ResourceNotFoundException.class);
		}
		assertThatThrownBy(() -> fhir.read().resource(Patient.class).withId(this.patientId.value().toString()).execute())
			.as("even the patient's own record, once locked")
			.isInstanceOf(ForbiddenOperationException.class)
			.hasMessageContaining("locked");
		assertThat(alerts("DENIALS", grantOf(this.app.clientId()))).isEqualTo(1);
	}


	@Test
	void aPracticeSystemProbingOtherPracticesIsLockedAndItsOwnPracticeAlerted() {
		Fixtures.TestPractice home = this.fixtures.practice();
		com.nimbusds.jose.jwk.RSAKey key = SmartApp.newKey();
		String clientId = this.apps.registerPracticeSystem(home.id(), "Probing PMS", key.toPublicJWK().toJSONString());
		SmartApp system = new SmartApp(ORIGIN, clientId);
		IGenericClient fhir = system.fhir(system.systemToken(key, "system/*.rs").accessToken());
		for (int i = 0; i < 10; i++) {
			assertThatThrownBy(() -> fhir.read().resource(Patient.class).withId(this.patientId.value().toString()).execute())
				.isInstanceOf(ResourceNotFoundException.class);
		}
		String ownPatient = this.fixtures.patient(home).holderId().toString();
		assertThatThrownBy(() -> fhir.read().resource(Patient.class).withId(ownPatient).execute())
			.as("even its own practice's patient, once locked")
			.isInstanceOf(ForbiddenOperationException.class);
		assertThat(this.jdbc.sql("select count(*) from security_alert where kind = 'DENIALS' and practice_id = :p")
			.param("p", home.id().value())
			.query(Integer.class)
			.single()).as("the system's own practice is alerted").isEqualTo(1);
	}

}
