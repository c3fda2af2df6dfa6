package nz.tiaki.fhir;

import java.util.List;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import nz.tiaki.apps.Apps;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentId;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.identity.AccountId;
import nz.tiaki.records.Category;
import nz.tiaki.records.EntryId;
import nz.tiaki.records.NewEntries;
import nz.tiaki.records.Records;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.SmartApp;
import nz.tiaki.support.TestFiles;
import nz.tiaki.support.Visitor;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Apps through the FHIR API with SMART on FHIR tokens, end to end with HAPI's generic
 * client: a patient's app after PKCE, both factors and consent; a practice system with a
 * client assertion; scopes, revocation and expiry (SMART App Launch 2.2; RFC 6749, 7636,
 * 7523; ASVS 5.0 V10).
 */
class SmartOnFhirTests extends PortalTest {

	private static final String EVERYTHING = "openid fhirUser launch/patient offline_access patient/*.rs";

	@Autowired
	private Apps apps;

	@Autowired
	private Records records;

	@Autowired
	private Documents documents;

	@Autowired
	private nz.tiaki.identity.AccountSessions sessions;

	private Fixtures.TestPractice practice;

	private Fixtures.TestAccount doctor;

	private Fixtures.TestAccount patient;

	private PatientId patientId;

	private PatientId neighbourId;

	private SmartApp app;

	@BeforeEach
	void people() {
		this.practice = this.fixtures.practice();
		this.doctor = this.fixtures.staff(this.practice, StaffRole.DOCTOR);
		this.patient = this.fixtures.patient(this.practice);
		this.patientId = new PatientId(this.patient.holderId());
		this.neighbourId = new PatientId(this.fixtures.patient(this.practice).holderId());
		this.app = new SmartApp(ORIGIN, this.apps.registerPatientApp("Test health app", List.of(SmartApp.REDIRECT)));
	}

	private EntryId releasedResult(PatientId whose, String name) {
		EntryId id = this.records.add(Fixtures.staffSubject(this.doctor), whose,
				NewEntries.build(Category.RESULT, name, "", "5.1", "mmol/L", "3.5", "5.5"));
		this.records.release(Fixtures.staffSubject(this.doctor), id);
		return id;
	}

	@Test
	void aPatientsAppReadsTheirRecordAfterPkceBothFactorsAndConsent() throws Exception {
		EntryId own = releasedResult(this.patientId, "Sodium");
		releasedResult(this.neighbourId, "Neighbour's potassium");
		SmartApp.Tokens tokens = this.app.connect(signedIn(this.patient), EVERYTHING);
		assertThat(tokens.status()).isEqualTo(200);
		assertThat(tokens.text("patient")).isEqualTo(this.patientId.value().toString());
		assertThat(tokens.text("scope")).contains("patient/*.rs");
		SignedJWT idToken = SignedJWT.parse(tokens.text("id_token"));
		assertThat(idToken.getJWTClaimsSet().getStringClaim("fhirUser"))
			.isEqualTo(ORIGIN + "/fhir/Patient/" + this.patientId.value());

		IGenericClient fhir = this.app.fhir(tokens.accessToken());
		Patient me = fhir.read().resource(Patient.class).withId(this.patientId.value().toString()).execute();
		assertThat(me.getIdentifierFirstRep().getSystem()).isEqualTo("https://standards.digital.health.nz/ns/nhi-id");
		Bundle results = fhir.search()
			.forResource(Observation.class)
			.where(Observation.PATIENT.hasId(this.patientId.value().toString()))
			.returnBundle(Bundle.class)
			.execute();
		assertThat(results.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
			.containsExactly(own.value().toString());
		assertThatThrownBy(() -> fhir.read().resource(Patient.class).withId(this.neighbourId.value().toString()).execute())
			.isInstanceOf(ResourceNotFoundException.class);
	}

	@Test
	void aSearchIncludesThePatientAndAPatientSearchRevincludesTheirRecordWithinScope() {
		EntryId own = releasedResult(this.patientId, "Sodium");
		IGenericClient fhir = this.app.fhir(this.app.connect(signedIn(this.patient), EVERYTHING).accessToken());
		Bundle withPatient = fhir.search()
			.forResource(Observation.class)
			.include(Observation.INCLUDE_PATIENT)
			.returnBundle(Bundle.class)
			.execute();
		assertThat(withPatient.getEntry()).extracting(e -> e.getResource().fhirType() + "/" + e.getSearch().getMode().toCode())
			.containsExactlyInAnyOrder("Observation/match", "Patient/include");
		Bundle withRecord = fhir.search()
			.forResource(Patient.class)
			.where(Patient.RES_ID.exactly().code(this.patientId.value().toString()))
			.revInclude(Observation.INCLUDE_PATIENT)
			.returnBundle(Bundle.class)
			.execute();
		assertThat(withRecord.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
			.containsExactlyInAnyOrder(this.patientId.value().toString(), own.value().toString());

		IGenericClient resultsOnly = this.app
			.fhir(this.app.connect(signedIn(this.patient), "launch/patient patient/Observation.rs").accessToken());
		Bundle noPatient = resultsOnly.search()
			.forResource(Observation.class)
			.include(Observation.INCLUDE_PATIENT)
			.returnBundle(Bundle.class)
			.execute();
		assertThat(noPatient.getEntry()).as("the patient is left out when the scopes do not cover it")
			.extracting(e -> e.getResource().fhirType())
			.containsExactly("Observation");
	}

	@Test
	void anAppSendsThePatientToSignInAndBothFactorsBeforeConsent() {
		Visitor browser = visitor();
		String verifier = SmartApp.verifier();
		Visitor.Page asked = this.app.authorize(browser, EVERYTHING, SmartApp.challenge(verifier));
		assertThat(asked.redirect()).isEqualTo("/signin");
		Visitor.Page password = browser.signIn(this.patient.username(), this.patient.password());
		assertThat(password.redirect()).isEqualTo("/signin/factor");
		Visitor.Page passwordOnly = this.app.authorize(browser, EVERYTHING, SmartApp.challenge(verifier));
		assertThat(passwordOnly.redirect()).as("a password alone never reaches consent").isEqualTo("/signin/factor");
		this.clock.advance(java.time.Duration.ofSeconds(30));
		Visitor.Page code = browser.secondFactor(this.patient.codeAt(this.clock));
		assertThat(code.redirect()).startsWith("/oauth2/authorize?");
		Visitor.Page resumed = browser.get(code.redirect());
		assertThat(resumed.location()).contains("/patient/apps/consent");
		String authorizationCode = this.app.approve(browser, resumed.location(), List.of(EVERYTHING.split(" ")));
		assertThat(this.app.exchange(authorizationCode, verifier).status()).isEqualTo(200);
	}

	@Test
	void withoutTheRightVerifierTheCodeIsWorthless() {
		Visitor browser = signedIn(this.patient);
		String verifier = SmartApp.verifier();
		Visitor.Page asked = this.app.authorize(browser, EVERYTHING, SmartApp.challenge(verifier));
		String code = this.app.approve(browser, asked.location(), List.of(EVERYTHING.split(" ")));
		assertThat(this.app.exchange(code, SmartApp.verifier()).status()).isEqualTo(400);
		assertThat(this.app.exchange(code, null).status()).as("a public client without its verifier is not even identified")
			.isEqualTo(401);
	}

	@Test
	void aCodeWorksOnce() {
		Visitor browser = signedIn(this.patient);
		String verifier = SmartApp.verifier();
		Visitor.Page asked = this.app.authorize(browser, EVERYTHING, SmartApp.challenge(verifier));
		String code = this.app.approve(browser, asked.location(), List.of(EVERYTHING.split(" ")));
		assertThat(this.app.exchange(code, verifier).status()).isEqualTo(200);
		assertThat(this.app.exchange(code, verifier).status()).isEqualTo(400);
	}

	@Test
	void staffCannotConnectAPatientApp() {
		Visitor browser = signedIn(this.doctor);
		Visitor.Page asked = this.app.authorize(browser, EVERYTHING, SmartApp.challenge(SmartApp.verifier()));
		assertThat(asked.status()).isEqualTo(403);
	}

	@Test
	void anObservationsOnlyTokenCannotReadDocuments() {
		DocumentId letter = this.documents.publish(Fixtures.staffSubject(this.doctor), this.patientId,
				DocumentKind.LETTER, "Letter", "letter.pdf", TestFiles.pdf("Dear patient"));
		SmartApp.Tokens tokens = this.app.connect(signedIn(this.patient), "launch/patient patient/Observation.rs");
		IGenericClient fhir = this.app.fhir(tokens.accessToken());
		fhir.search().forResource(Observation.class).returnBundle(Bundle.class).execute();
		assertThatThrownBy(() -> fhir.search().forResource(DocumentReference.class).returnBundle(Bundle.class).execute())
			.isInstanceOf(ForbiddenOperationException.class);
		assertThatThrownBy(() -> fhir.read().resource(Binary.class).withId("doc-" + letter.value()).execute())
			.isInstanceOf(ForbiddenOperationException.class);
		assertThatThrownBy(() -> fhir.read().resource(Patient.class).withId(this.patientId.value().toString()).execute())
			.isInstanceOf(ForbiddenOperationException.class);
	}

	@Test
	void aDocumentsAttachmentOpensThroughTheAuditedDownload() {
		DocumentId letter = this.documents.publish(Fixtures.staffSubject(this.doctor), this.patientId,
				DocumentKind.LETTER, "Discharge letter", "letter.pdf", TestFiles.pdf("Discharged well"));
		SmartApp.Tokens tokens = this.app.connect(signedIn(this.patient), EVERYTHING);
		IGenericClient fhir = this.app.fhir(tokens.accessToken());
		Bundle found = fhir.search().forResource(DocumentReference.class).returnBundle(Bundle.class).execute();
		DocumentReference reference = (DocumentReference) found.getEntry()
			.stream()
			.map(Bundle.BundleEntryComponent::getResource)
			.filter(r -> r.getIdElement().getIdPart().equals("doc-" + letter.value()))
			.findFirst()
			.orElseThrow();
		String url = reference.getContentFirstRep().getAttachment().getUrl();
		assertThat(url).isEqualTo(ORIGIN + "/fhir/Binary/doc-" + letter.value());
		Binary content = fhir.read().resource(Binary.class).withUrl(url).execute();
		assertThat(content.getContentType()).isEqualTo("application/pdf");
		assertThat(new String(content.getData(), java.nio.charset.StandardCharsets.ISO_8859_1)).startsWith("%PDF");
		assertThat(this.jdbc.sql("""
				select count(*) from audit_event where action = 'READ_DOCUMENT' and decision = 'ALLOW'
				and object_ref = :ref and session_ref like 'app:%'
				""").param("ref", "download:" + letter.value()).query(Integer.class).single()).isEqualTo(1);
		assertThat(this.jdbc.sql("""
				select count(*) from audit_event where action = 'READ_DOCUMENT' and object_ref like '%' || :id
				""").param("id", letter.value().toString()).query(Integer.class).single())
			.as("one decision for the content, not one more for a link").isEqualTo(1);
	}

	@Test
	void aDisconnectedAppsTokensStopAtOnce() {
		SmartApp.Tokens tokens = this.app.connect(signedIn(this.patient), EVERYTHING);
		IGenericClient fhir = this.app.fhir(tokens.accessToken());
		fhir.read().resource(Patient.class).withId(this.patientId.value().toString()).execute();
		String clientId = this.apps.connected(this.patient.id()).get(0).clientId();
		assertThat(this.apps.disconnect(this.patient.id(), clientId)).isTrue();
		assertThatThrownBy(() -> fhir.read().resource(Patient.class).withId(this.patientId.value().toString()).execute())
			.isInstanceOf(AuthenticationException.class);
		assertThat(this.app.refresh(tokens.refreshToken()).status()).isEqualTo(400);
	}

	@Test
	void anExpiredTokenIsRefusedAndARefreshTokenWorksOnce() {
		SmartApp.Tokens tokens = this.app.connect(signedIn(this.patient), EVERYTHING);
		this.jdbc.sql("update oauth2_authorization set access_token_issued_at = now() - interval '20 minutes', access_token_expires_at = now() - interval '10 minutes' "
				+ "where principal_name = :account").param("account", this.patient.id().toString()).update();
		IGenericClient fhir = this.app.fhir(tokens.accessToken());
		assertThatThrownBy(() -> fhir.read().resource(Patient.class).withId(this.patientId.value().toString()).execute())
			.isInstanceOf(AuthenticationException.class);
		SmartApp.Tokens refreshed = this.app.refresh(tokens.refreshToken());
		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(refreshed.refreshToken()).isNotEqualTo(tokens.refreshToken());
		this.app.fhir(refreshed.accessToken()).read().resource(Patient.class).withId(this.patientId.value().toString()).execute();
		assertThat(this.app.refresh(tokens.refreshToken()).status()).as("a refresh token works once").isEqualTo(400);
		assertThatThrownBy(() -> this.app.fhir(refreshed.accessToken())
			.read()
			.resource(Patient.class)
			.withId(this.patientId.value().toString())
			.execute()).as("reusing a spent refresh token ends the whole grant")
			.isInstanceOf(AuthenticationException.class);
	}

	@Test
	void whenEverySessionOfTheAccountEndsItsAppsStopToo() {
		SmartApp.Tokens tokens = this.app.connect(signedIn(this.patient), EVERYTHING);
		IGenericClient fhir = this.app.fhir(tokens.accessToken());
		fhir.read().resource(Patient.class).withId(this.patientId.value().toString()).execute();
		this.sessions.endAll(this.patient.id(), null, "password-changed");
		assertThatThrownBy(() -> fhir.read().resource(Patient.class).withId(this.patientId.value().toString()).execute())
			.isInstanceOf(AuthenticationException.class);
		assertThat(this.app.refresh(tokens.refreshToken()).status()).isEqualTo(400);
	}

	@Test
	void withoutOfflineAccessThereIsNoRefreshToken() {
		SmartApp.Tokens tokens = this.app.connect(signedIn(this.patient), "openid fhirUser launch/patient patient/*.rs");
		assertThat(tokens.status()).isEqualTo(200);
		assertThat(tokens.text("refresh_token")).isNull();
	}

	@Test
	void noBearerSecretIsStoredInTheClear() {
		SmartApp.Tokens tokens = this.app.connect(signedIn(this.patient), EVERYTHING);
		String stored = this.jdbc.sql("""
				select concat_ws('|', authorization_code_value, access_token_value, refresh_token_value)
				from oauth2_authorization where principal_name = :account
				""").param("account", this.patient.id().toString()).query(String.class).single();
		assertThat(stored).doesNotContain(tokens.accessToken()).doesNotContain(tokens.refreshToken()).contains("sha256:");
	}

	@Test
	void aPracticeSystemReachesOnlyItsOwnPractice() {
		RSAKey key = SmartApp.newKey();
		String clientId = this.apps.registerPracticeSystem(this.practice.id(), "Practice PMS", key.toPublicJWK().toJSONString());
		Fixtures.TestPractice other = this.fixtures.practice();
		PatientId elsewhere = new PatientId(this.fixtures.patient(other).holderId());
		SmartApp system = new SmartApp(ORIGIN, clientId);
		SmartApp.Tokens tokens = system.systemToken(key, "system/*.rs");
		assertThat(tokens.status()).isEqualTo(200);
		IGenericClient fhir = system.fhir(tokens.accessToken());
		Bundle patients = fhir.search().forResource(Patient.class).returnBundle(Bundle.class).execute();
		assertThat(patients.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
			.contains(this.patientId.value().toString(), this.neighbourId.value().toString())
			.doesNotContain(elsewhere.value().toString());
		assertThatThrownBy(() -> fhir.read().resource(Patient.class).withId(elsewhere.value().toString()).execute())
			.isInstanceOf(ResourceNotFoundException.class);

		RSAKey stranger = SmartApp.newKey();
		assertThat(system.systemToken(stranger, "system/*.rs").status()).as("an assertion signed with another key")
			.isEqualTo(401);
	}

	@Test
	void theConnectedAppIsListedAndCanBeDisconnectedByThePatient() {
		Visitor browser = signedIn(this.patient);
		this.app.connect(browser, EVERYTHING);
		Visitor.Page list = browser.get("/patient/apps");
		assertThat(list.body()).contains("Test health app").contains("Read your whole health record");
		String clientId = this.apps.connected(new AccountId(this.patient.id().value())).get(0).clientId();
		Visitor.Page done = browser.submit("/patient/apps", "/patient/apps/" + clientId + "/disconnect", java.util.Map.of());
		assertThat(done.redirect()).isEqualTo("/patient/apps?done");
		assertThat(this.apps.connected(this.patient.id())).isEmpty();
	}

}
