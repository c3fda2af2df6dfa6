package nz.tiaki.fhir;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import com.nimbusds.jose.jwk.RSAKey;
import nz.tiaki.apps.Apps;
import nz.tiaki.patients.Nhi;
import nz.tiaki.patients.Patients;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.SmartApp;
import nz.tiaki.support.TestFiles;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A practice system imports patients and their records as transaction bundles: every
 * resource validated against R4 before anything is stored, patients matched on NHI,
 * documents through the upload checks, all or nothing, and the same bundle sent twice adds
 * nothing the second time (FHIR R4 transaction; HISO 10046; HIPC rule 8 accuracy).
 */
class BundleImportTests extends PortalTest {

	@Autowired
	private Apps apps;

	@Autowired
	private Patients patients;

	private Fixtures.TestPractice practice;

	private IGenericClient fhir;

	@BeforeEach
	void aPracticeSystemThatWrites() {
		this.practice = this.fixtures.practice();
		RSAKey key = SmartApp.newKey();
		SmartApp system = new SmartApp(ORIGIN,
				this.apps.registerPracticeSystem(this.practice.id(), "Importing PMS", key.toPublicJWK().toJSONString()));
		this.fhir = system.fhir(system.systemToken(key, "system/*.rs system/*.cu").accessToken());
	}

	private static Bundle.BundleEntryComponent entry(Bundle bundle, Resource resource) {
		String fullUrl = "urn:uuid:" + UUID.randomUUID();
		return bundle.addEntry()
			.setFullUrl(fullUrl)
			.setResource(resource)
			.setRequest(new Bundle.BundleEntryRequestComponent().setMethod(Bundle.HTTPVerb.POST)
				.setUrl(resource.fhirType()));
	}

	private static Patient patient(String nhi) {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(PatientResources.NHI_SYSTEM).setValue(nhi);
		patient.addName().setFamily("Importfamily").addGiven("Importgiven");
		patient.setBirthDateElement(new DateType("1980-04-05"));
		return patient;
	}

	private static Observation result(String whose) {
		Observation result = new Observation();
		result.setStatus(Observation.ObservationStatus.FINAL);
		result.setCode(new CodeableConcept(new Coding("http://loinc.org", "2823-3", "Potassium")).setText("Potassium"));
		result.setSubject(new Reference(whose));
		result.setValue(new Quantity().setValue(4.2).setUnit("mmol/L"));
		return result;
	}

	private final byte[] letterPdf = TestFiles.pdf("Discharged home");

	private Bundle fullBundle(String nhi) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		String who = entry(bundle, patient(nhi)).getFullUrl();
		entry(bundle, result(who));
		Condition asthma = new Condition();
		asthma.setCode(new CodeableConcept().setText("Asthma"));
		asthma.setSubject(new Reference(who));
		asthma.setClinicalStatus(new CodeableConcept(
				new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active")));
		entry(bundle, asthma);
		DocumentReference letter = new DocumentReference();
		letter.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
		letter.setType(new CodeableConcept().setText("Discharge summary"));
		letter.setSubject(new Reference(who));
		letter.addContent().getAttachment().setContentType("application/pdf").setTitle("discharge.pdf")
			.setData(this.letterPdf);
		entry(bundle, letter);
		return bundle;
	}

	@Test
	void aBundleIsImportedOnceEvenWhenSentTwice() {
		String nhi = Fixtures.uniqueNhi().value();
		Bundle first = this.fhir.transaction().withBundle(fullBundle(nhi)).execute();
		assertThat(first.getEntry()).extracting(e -> e.getResponse().getStatus())
			.containsExactly("201 Created", "201 Created", "201 Created", "201 Created");
		var patientId = this.patients.findByNhi(Nhi.parse(nhi)).orElseThrow();
		assertThat(first.getEntry().get(0).getResponse().getLocation()).isEqualTo("Patient/" + patientId.value());
		assertThat(first.getEntry().get(3).getResponse().getLocation()).startsWith("DocumentReference/doc-");

		Bundle again = this.fhir.transaction().withBundle(fullBundle(nhi)).execute();
		assertThat(again.getEntry()).extracting(e -> e.getResponse().getStatus())
			.containsExactly("200 OK", "200 OK", "200 OK", "200 OK");
		assertThat(again.getEntry()).extracting(e -> e.getResponse().getLocation())
			.isEqualTo(first.getEntry().stream().map(e -> e.getResponse().getLocation()).toList());
		assertThat(count("select count(*) from clinical_entry where patient_id = :p", patientId.value())).isEqualTo(2);
		assertThat(count("select count(*) from document where patient_id = :p", patientId.value())).isEqualTo(1);

		Bundle results = this.fhir.search()
			.forResource(Observation.class)
			.where(Observation.PATIENT.hasId(patientId.value().toString()))
			.returnBundle(Bundle.class)
			.execute();
		assertThat(results.getEntry()).hasSize(1);
	}

	@Test
	void everyProblemIsListedAndNothingIsStored() {
		String nhi = Fixtures.uniqueNhi().value();
		Bundle bundle = fullBundle(nhi);
		Observation incomplete = new Observation();
		incomplete.setSubject(new Reference(bundle.getEntryFirstRep().getFullUrl()));
		entry(bundle, incomplete);
		entry(bundle, patient("ZZZ0044"));

		assertThatThrownBy(() -> this.fhir.transaction().withBundle(bundle).execute())
			.isInstanceOfSatisfying(UnprocessableEntityException.class, ex -> {
				OperationOutcome outcome = (OperationOutcome) ex.getOperationOutcome();
				assertThat(outcome.getIssue()).extracting(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics)
					.anyMatch(d -> d.startsWith("Entry 4 (Observation)") && d.contains("status"))
					.anyMatch(d -> d.startsWith("Entry 4 (Observation)") && d.contains("code"))
					.anyMatch(d -> d.startsWith("Entry 5") && d.contains("check digit"));
			});
		assertThat(this.patients.findByNhi(Nhi.parse(nhi))).as("nothing stored").isEmpty();
	}

	@Test
	void aRefusedDocumentUndoesTheWholeBundle() {
		String nhi = Fixtures.uniqueNhi().value();
		Bundle bundle = fullBundle(nhi);
		((DocumentReference) bundle.getEntry().get(3).getResource()).getContentFirstRep().getAttachment()
			.setData(TestFiles.executable());
		assertThatThrownBy(() -> this.fhir.transaction().withBundle(bundle).execute())
			.isInstanceOf(UnprocessableEntityException.class);
		assertThat(this.patients.findByNhi(Nhi.parse(nhi))).as("the patient created earlier in the bundle").isEmpty();
	}

	@Test
	void aPatientOfAnotherPracticeCannotBeWrittenTo() {
		Fixtures.TestPractice other = this.fixtures.practice();
		var theirs = new nz.tiaki.shared.ids.PatientId(this.fixtures.patient(other).holderId());
		String nhi = this.fixtures.nhiOf(theirs);
		int before = count("select count(*) from clinical_entry where patient_id = :p", theirs.value());
		Bundle byNhi = fullBundle(nhi);
		assertThatThrownBy(() -> this.fhir.transaction().withBundle(byNhi).execute())
			.isInstanceOfSatisfying(UnprocessableEntityException.class, ex -> assertThat(
					((OperationOutcome) ex.getOperationOutcome()).getIssueFirstRep().getDiagnostics())
				.contains("not enrolled at your practice"));
		Bundle byId = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		entry(byId, result("Patient/" + theirs.value()));
		assertThatThrownBy(() -> this.fhir.transaction().withBundle(byId).execute())
			.isInstanceOf(UnprocessableEntityException.class);
		assertThat(count("select count(*) from clinical_entry where patient_id = :p", theirs.value())).isEqualTo(before);
	}

	@Test
	void onlyAPracticeSystemWithWriteScopesMayWrite() {
		RSAKey key = SmartApp.newKey();
		SmartApp reader = new SmartApp(ORIGIN,
				this.apps.registerPracticeSystem(this.practice.id(), "Reading PMS", key.toPublicJWK().toJSONString()));
		IGenericClient readOnly = reader.fhir(reader.systemToken(key, "system/*.rs").accessToken());
		assertThatThrownBy(() -> readOnly.transaction().withBundle(fullBundle(Fixtures.uniqueNhi().value())).execute())
			.isInstanceOf(ForbiddenOperationException.class);

		SmartApp patientApp = new SmartApp(ORIGIN, this.apps.registerPatientApp("Patient app", List.of(SmartApp.REDIRECT)));
		IGenericClient patientFhir = patientApp
			.fhir(patientApp.connect(signedIn(this.fixtures.patient(this.practice)), "launch/patient patient/*.rs")
				.accessToken());
		assertThatThrownBy(() -> patientFhir.transaction().withBundle(fullBundle(Fixtures.uniqueNhi().value())).execute())
			.isInstanceOf(ForbiddenOperationException.class);
	}

	@Test
	void aBatchTakesEachEntryOnItsOwn() {
		Bundle seeded = this.fhir.transaction().withBundle(fullBundle(Fixtures.uniqueNhi().value())).execute();
		String patient = seeded.getEntryFirstRep().getResponse().getLocation();
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		Observation later = result(patient);
		later.setValue(new Quantity().setValue(3.9).setUnit("mmol/L"));
		entry(batch, later);
		Observation incomplete = new Observation();
		incomplete.setSubject(new Reference(patient));
		entry(batch, incomplete);
		batch.addEntry().setRequest(new Bundle.BundleEntryRequestComponent().setMethod(Bundle.HTTPVerb.GET)
			.setUrl(patient));
		Bundle answer = this.fhir.transaction().withBundle(batch).execute();
		assertThat(answer.getType()).isEqualTo(Bundle.BundleType.BATCHRESPONSE);
		assertThat(answer.getEntry()).extracting(e -> e.getResponse().getStatus())
			.containsExactly("201 Created", "422 Unprocessable Entity", "400 Bad Request");
		var id = UUID.fromString(patient.substring("Patient/".length()));
		assertThat(count("select count(*) from clinical_entry where patient_id = :p", id)).isEqualTo(3);
	}

	private int count(String sql, UUID patient) {
		return this.jdbc.sql(sql).param("p", patient).query(Integer.class).single();
	}

	static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
