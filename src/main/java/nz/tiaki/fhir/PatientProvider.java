package nz.tiaki.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.AccessGate;
import nz.tiaki.access.Action;
import nz.tiaki.access.Grant;
import nz.tiaki.apps.AppAccess;
import nz.tiaki.apps.Apps;
import nz.tiaki.apps.SmartScope;
import nz.tiaki.clinics.Practices;
import nz.tiaki.patients.Nhi;
import nz.tiaki.patients.PatientSummary;
import nz.tiaki.patients.Patients;
import nz.tiaki.shared.ids.PatientId;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

import org.springframework.stereotype.Component;

/**
 * {@code Patient}: read, and search by {@code _id} or NHI identifier. A patient's app sees its
 * launch patient only; a practice's system sees that practice's enrolled patients.
 */
@Component
class PatientProvider implements IResourceProvider {

	/** The NHI identifier system (HISO 10046). */
	static final String NHI_SYSTEM = "https://standards.digital.health.nz/ns/nhi-id";

	private final Callers callers;

	private final AccessGate gate;

	private final Patients patients;

	private final Practices practices;

	private final Apps apps;

	private final List<EverythingSource> sources;

	PatientProvider(Callers callers, AccessGate gate, Patients patients, Practices practices, Apps apps,
			List<EverythingSource> sources) {
		this.sources = sources;
		this.callers = callers;
		this.gate = gate;
		this.patients = patients;
		this.practices = practices;
		this.apps = apps;
	}

	@Override
	public Class<? extends IBaseResource> getResourceType() {
		return Patient.class;
	}

	@Read
	public Patient read(@IdParam IdType id, RequestDetails request) {
		AppAccess caller = this.callers.require(request, "Patient", SmartScope.Permission.READ);
		PatientId patient = this.callers.patient(caller, id.getIdPart(), Action.READ_DEMOGRAPHICS);
		return find(caller, patient).orElseThrow(() -> new ResourceNotFoundException(id));
	}

	/**
	 * @param caller who asks
	 * @param patient whom
	 * @return the patient as FHIR, when the gate allows
	 */
	java.util.Optional<Patient> find(AppAccess caller, PatientId patient) {
		if (!this.patients.registered(patient)) {
			this.gate.recordUnknown(caller.subject(), Action.READ_DEMOGRAPHICS, "fhir:Patient/" + patient.value());
			return java.util.Optional.empty();
		}
		try {
			Grant grant = this.gate.require(caller.subject(), patient, Action.READ_DEMOGRAPHICS,
					"fhir:Patient/" + patient.value());
			return this.patients.find(grant).map(PatientProvider::toFhir);
		}
		catch (AccessDenied ex) {
			return java.util.Optional.empty();
		}
	}

	/**
	 * {@code Patient/[id]/$everything}: the patient and every entry of theirs the caller's
	 * scopes and the gate allow, in one searchset bundle.
	 */
	@ca.uhn.fhir.rest.annotation.Operation(name = "$everything", idempotent = true,
			bundleType = ca.uhn.fhir.model.valueset.BundleTypeEnum.SEARCHSET)
	public ca.uhn.fhir.rest.api.server.IBundleProvider everything(@IdParam IdType id, RequestDetails request) {
		Patient patient = read(id, request);
		AppAccess caller = this.callers.current(request);
		List<IBaseResource> all = new ArrayList<>();
		all.add(patient);
		ca.uhn.fhir.rest.param.ReferenceParam whose = new ca.uhn.fhir.rest.param.ReferenceParam(
				"Patient/" + patient.getIdPart());
		for (EverythingSource source : this.sources) {
			if (caller.allows(source.resourceType(), SmartScope.Permission.SEARCH)) {
				all.addAll(source.of(whose, request));
			}
		}
		return new ca.uhn.fhir.rest.server.SimpleBundleProvider(all);
	}

	@Search
	public List<Patient> search(@OptionalParam(name = "_id") TokenParam id,
			@OptionalParam(name = "identifier") TokenParam identifier, RequestDetails request) {
		AppAccess caller = this.callers.require(request, "Patient", SmartScope.Permission.SEARCH);
		if (identifier != null) {
			if (identifier.getSystem() != null && !identifier.getSystem().equals(NHI_SYSTEM)) {
				return List.of();
			}
			Nhi nhi;
			try {
				nhi = Nhi.parse(identifier.getValue());
			}
			catch (Nhi.InvalidNhi ex) {
				throw new InvalidRequestException(ex.getMessage());
			}
			var found = this.patients.findByNhi(nhi);
			if (found.isEmpty()) {
				this.gate.recordUnknown(caller.subject(), Action.READ_DEMOGRAPHICS, "fhir:Patient?identifier");
				return List.of();
			}
			return one(caller, found.get().value().toString(), id);
		}
		if (id != null) {
			return one(caller, id.getValue(), null);
		}
		if (caller.patient() != null) {
			return find(caller, caller.patient()).map(List::of).orElse(List.of());
		}
		var practice = this.apps.practiceOf(caller.clientId()).orElseThrow();
		Map<PatientId, Grant> grants = this.gate.requireEach(caller.subject(), this.practices.enrolledAt(practice),
				Action.READ_DEMOGRAPHICS);
		List<Patient> found = new ArrayList<>();
		for (PatientSummary summary : this.patients.findAll(grants.values())) {
			found.add(toFhir(summary));
		}
		return found;
	}

	private List<Patient> one(AppAccess caller, String rawId, TokenParam alsoId) {
		if (alsoId != null && !alsoId.getValue().equals(rawId)) {
			return List.of();
		}
		try {
			PatientId patient = this.callers.patient(caller, rawId, Action.READ_DEMOGRAPHICS);
			return find(caller, patient).map(List::of).orElse(List.of());
		}
		catch (ResourceNotFoundException ex) {
			return List.of();
		}
	}

	static Patient toFhir(PatientSummary summary) {
		Patient patient = new Patient();
		patient.setId(new IdType("Patient", summary.id().value().toString()));
		patient.getMeta().setVersionId("1");
		patient.addIdentifier().setSystem(NHI_SYSTEM).setValue(summary.nhi().value());
		patient.addName().setFamily(summary.familyName()).addGiven(summary.givenName());
		if (summary.birthDate() != null) {
			patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(summary.birthDate().toString()));
		}
		if (summary.email() != null) {
			patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(summary.email());
		}
		patient.setActive(true);
		return patient;
	}

}
