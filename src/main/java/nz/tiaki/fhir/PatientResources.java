package nz.tiaki.fhir;

import java.util.Optional;

import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.AccessGate;
import nz.tiaki.access.Action;
import nz.tiaki.access.Grant;
import nz.tiaki.apps.AppAccess;
import nz.tiaki.patients.PatientSummary;
import nz.tiaki.patients.Patients;
import nz.tiaki.shared.ids.PatientId;

import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

import org.springframework.stereotype.Component;

/**
 * A patient as a FHIR {@code Patient}, read through the gate: for the Patient provider and
 * for {@code _include} of a resource's patient.
 */
@Component
class PatientResources {

	/** The NHI identifier system (HISO 10046). */
	static final String NHI_SYSTEM = "https://standards.digital.health.nz/ns/nhi-id";

	private final AccessGate gate;

	private final Patients patients;

	PatientResources(AccessGate gate, Patients patients) {
		this.gate = gate;
		this.patients = patients;
	}

	/**
	 * @param caller who asks
	 * @param patient whom
	 * @return the patient as FHIR, when the gate allows (the decision is recorded either way)
	 */
	Optional<Patient> find(AppAccess caller, PatientId patient) {
		if (!this.patients.registered(patient)) {
			this.gate.recordUnknown(caller.subject(), Action.READ_DEMOGRAPHICS, "fhir:Patient/" + patient.value());
			return Optional.empty();
		}
		try {
			Grant grant = this.gate.require(caller.subject(), patient, Action.READ_DEMOGRAPHICS,
					"fhir:Patient/" + patient.value());
			return this.patients.find(grant).map(PatientResources::toFhir);
		}
		catch (AccessDenied ex) {
			return Optional.empty();
		}
	}

	static Patient toFhir(PatientSummary summary) {
		Patient patient = new Patient();
		patient.setId(new IdType("Patient", summary.id().value().toString()));
		patient.getMeta().setVersionId("1");
		patient.addIdentifier().setSystem(NHI_SYSTEM).setValue(summary.nhi().value());
		patient.addName().setFamily(summary.familyName()).addGiven(summary.givenName());
		if (summary.birthDate() != null) {
			patient.setBirthDateElement(new DateType(summary.birthDate().toString()));
		}
		if (summary.email() != null) {
			patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(summary.email());
		}
		patient.setActive(true);
		return patient;
	}

}
