package nz.tiaki.fhir;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import nz.tiaki.access.Action;
import nz.tiaki.access.Subject;
import nz.tiaki.apps.AppAccess;
import nz.tiaki.patients.ProxyArrangements;
import nz.tiaki.shared.ids.PatientId;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;

import org.springframework.stereotype.Component;

/**
 * {@code Consent}: the proxy arrangements a patient has made — who may act for them, at what
 * level, until when — for the patient's own app. A proxy is named by the address they sign in
 * with, never by their own record's id.
 */
@Component
class ConsentProvider extends PatientListProvider<Consent> {

	private final ProxyArrangements arrangements;

	ConsentProvider(Callers callers, ProxyArrangements arrangements) {
		super(callers, Consent.class, Action.READ_DEMOGRAPHICS);
		this.arrangements = arrangements;
	}

	@Override
	protected List<Consent> of(AppAccess caller, PatientId patient) {
		Subject subject = caller.subject();
		if (subject.kind() != Subject.Kind.PATIENT || !subject.id().equals(patient.value())) {
			return List.of();
		}
		List<Consent> found = new ArrayList<>();
		for (ProxyArrangements.Given given : this.arrangements.given(subject)) {
			found.add(toFhir(patient, given));
		}
		return found;
	}

	static Consent toFhir(PatientId patient, ProxyArrangements.Given given) {
		Consent consent = new Consent();
		consent.setId(new IdType("Consent", given.id().toString(), "1"));
		consent.getMeta().setVersionId("1");
		consent.setStatus(Consent.ConsentState.ACTIVE);
		consent.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope",
				"patient-privacy", "Privacy Consent")));
		consent.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", "Patient Consent")));
		consent.setPatient(new Reference("Patient/" + patient.value()));
		consent.addPolicy().setUri("https://tiaki.nz/policy/proxy-access");
		Consent.ProvisionComponent provision = consent.getProvision();
		provision.setType(Consent.ConsentProvisionType.PERMIT);
		if (given.until() != null) {
			provision.getPeriod().setEnd(Date.from(given.until()));
		}
		provision.addActor()
			.setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "PRCP",
					"primary information recipient")))
			.setReference(new Reference().setDisplay(given.address()));
		provision.addPurpose(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "PATADMIN",
				given.level().label()));
		return consent;
	}

}
