package nz.tiaki.fhir;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import nz.tiaki.apps.Apps;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.records.Records;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.R4Validation;
import nz.tiaki.support.SmartApp;
import nz.tiaki.support.TestFiles;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything the FHIR API emits is valid FHIR R4 by HAPI's validator against the base
 * specification, and the capability statement names exactly the resource types the API
 * serves (FHIR R4 conformance; SMART App Launch 2.2 discovery).
 */
class FhirConformanceTests extends PortalTest {


	@Autowired
	private Apps apps;

	@Autowired
	private Records records;

	@Autowired
	private Documents documents;


	@Autowired
	private nz.tiaki.prescriptions.Prescriptions prescriptions;

	@Autowired
	private nz.tiaki.messaging.Messaging messaging;

	@Autowired
	private nz.tiaki.patients.ProxyArrangements proxies;



	@Test
	void everyResourceOfAPatientsRecordValidatesAgainstR4() throws Exception {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		PatientId patientId = new PatientId(patient.holderId());
		try (InputStream synthea = getClass().getResourceAsStream("/demo/records/ZAT1074.json")) {
			Bundle bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, synthea);
			assertThat(this.records.importBundle(Fixtures.staffSubject(doctor), patientId, bundle, true)).isPositive();
		}
		this.records.add(Fixtures.staffSubject(doctor), patientId,
				nz.tiaki.records.NewEntries.build(nz.tiaki.records.Category.CONDITION, "Asthma", "", "", "", "", ""));
		this.records.add(Fixtures.staffSubject(doctor), patientId,
				nz.tiaki.records.NewEntries.build(nz.tiaki.records.Category.ALLERGY, "Penicillin", "", "", "", "", ""));
		this.documents.publish(Fixtures.staffSubject(doctor), patientId, DocumentKind.REFERRAL, "Referral letter",
				"referral.pdf", TestFiles.pdf("Referral"));
		this.fixtures.bookedAppointment(practice, doctor, patient);
		this.records.add(Fixtures.staffSubject(doctor), patientId, nz.tiaki.records.NewEntries
			.build(nz.tiaki.records.Category.MEDICATION, "Salbutamol inhaler", "2 puffs when needed", "", "", "", ""));
		this.prescriptions.request(Fixtures.patientSubject(patient), patientId,
				List.of(this.prescriptions.medicines(Fixtures.patientSubject(patient), patientId).get(0).entryId()),
				"Unichem please");
		this.messaging.start(Fixtures.patientSubject(patient), patientId, null, "A question", "Is my result normal?");
		this.proxies.grant(Fixtures.patientSubject(patient), this.fixtures.patient(practice).username(),
				nz.tiaki.patients.ProxyArrangements.Level.EVERYDAY,
				java.time.LocalDate.now(this.clock.withZone(nz.tiaki.appointments.Appointments.ZONE)).plusMonths(6));
		SmartApp app = new SmartApp(ORIGIN, this.apps.registerPatientApp("Validating app", List.of(SmartApp.REDIRECT)));
		IGenericClient fhir = app.fhir(app.connect(signedIn(patient), "launch/patient patient/*.rs").accessToken());

		Bundle everything = (Bundle) fhir.operation()
			.onInstance("Patient/" + patientId.value())
			.named("$everything")
			.withNoParameters(Parameters.class)
			.returnResourceType(Bundle.class)
			.execute();
		Bundle history = fhir.search().forResource(AuditEvent.class).returnBundle(Bundle.class).execute();
		List<Resource> emitted = new ArrayList<>();
		everything.getEntry().forEach(e -> emitted.add(e.getResource()));
		history.getEntry().forEach(e -> emitted.add(e.getResource()));
		for (Class<? extends org.hl7.fhir.instance.model.api.IBaseResource> type : List.of(
				org.hl7.fhir.r4.model.Organization.class, org.hl7.fhir.r4.model.Practitioner.class,
				org.hl7.fhir.r4.model.PractitionerRole.class, org.hl7.fhir.r4.model.Appointment.class,
				org.hl7.fhir.r4.model.Slot.class, org.hl7.fhir.r4.model.MedicationRequest.class,
				org.hl7.fhir.r4.model.Communication.class, org.hl7.fhir.r4.model.Consent.class)) {
			fhir.search().forResource(type).returnBundle(Bundle.class).execute().getEntry()
				.forEach(e -> emitted.add(e.getResource()));
		}
		assertThat(emitted).extracting(Resource::fhirType)
			.contains("Patient", "Condition", "AllergyIntolerance", "MedicationStatement", "Observation", "Immunization",
					"DocumentReference", "AuditEvent", "Organization", "Practitioner", "PractitionerRole", "Appointment",
					"Slot", "MedicationRequest", "Communication", "Consent");

		List<String> problems = new ArrayList<>();
		for (Resource resource : emitted) {
			problems.addAll(R4Validation.errors(resource));
		}
		problems.addAll(R4Validation.errors(everything));
		assertThat(problems).isEmpty();
	}

	@Test
	void theCapabilityStatementNamesExactlyWhatIsServed() {
		IGenericClient fhir = new SmartApp(ORIGIN, "none").fhir("no-token-needed");
		CapabilityStatement capability = fhir.capabilities().ofType(CapabilityStatement.class).execute();
		assertThat(R4Validation.errors(capability)).isEmpty();
		List<String> served = capability.getRestFirstRep()
			.getResource()
			.stream()
			.map(CapabilityStatement.CapabilityStatementRestResourceComponent::getType)
			.sorted()
			.toList();
		List<String> expected = new ArrayList<>(Apps.RESOURCE_TYPES);
		expected.add("Binary");
		expected.add("OperationDefinition");
		assertThat(served).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(capability.getRestFirstRep().getSecurity().getServiceFirstRep().getCodingFirstRep().getCode())
			.isEqualTo("SMART-on-FHIR");
	}


}
