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
class PatientProvider implements IResourceProvider, ReadsById {

	static final String NHI_SYSTEM = PatientResources.NHI_SYSTEM;

	private final Callers callers;

	private final AccessGate gate;

	private final Patients patients;

	private final Practices practices;

	private final Apps apps;

	private final List<EverythingSource> sources;

	private final PatientResources resources;

	PatientProvider(Callers callers, AccessGate gate, Patients patients, Practices practices, Apps apps,
			List<EverythingSource> sources, PatientResources resources) {
		this.sources = sources;
		this.resources = resources;
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
		return this.resources.find(caller, patient).orElseThrow(() -> new ResourceNotFoundException(id));
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
	public List<IBaseResource> search(@OptionalParam(name = "_id") TokenParam id,
			@OptionalParam(name = "identifier") TokenParam identifier,
			@ca.uhn.fhir.rest.annotation.IncludeParam(reverse = true, allow = { "Condition:patient",
					"Observation:patient", "MedicationStatement:patient", "AllergyIntolerance:patient",
					"Immunization:patient", "DocumentReference:patient" }) java.util.Set<ca.uhn.fhir.model.api.Include> revIncludes,
			RequestDetails request) {
		List<Patient> patients = patients(id, identifier, request);
		List<IBaseResource> found = new ArrayList<>(patients);
		if (revIncludes != null && !revIncludes.isEmpty()) {
			AppAccess caller = this.callers.current(request);
			for (Patient patient : patients) {
				ca.uhn.fhir.rest.param.ReferenceParam whose = new ca.uhn.fhir.rest.param.ReferenceParam(
						"Patient/" + patient.getIdPart());
				for (EverythingSource source : this.sources) {
					boolean asked = revIncludes.stream().anyMatch(include -> include.getValue().startsWith(source.resourceType() + ":"));
					if (asked && caller.allows(source.resourceType(), SmartScope.Permission.SEARCH)) {
						for (IBaseResource included : source.of(whose, request)) {
							ca.uhn.fhir.model.api.ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(
									(org.hl7.fhir.instance.model.api.IAnyResource) included,
									ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum.INCLUDE);
							found.add(included);
						}
					}
				}
			}
		}
		return found;
	}

	private List<Patient> patients(TokenParam id, TokenParam identifier, RequestDetails request) {
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
			return this.resources.find(caller, caller.patient()).map(List::of).orElse(List.of());
		}
		var practice = this.apps.practiceOf(caller.clientId()).orElseThrow();
		Map<PatientId, Grant> grants = this.gate.requireEach(caller.subject(), this.practices.enrolledAt(practice),
				Action.READ_DEMOGRAPHICS);
		List<Patient> found = new ArrayList<>();
		for (PatientSummary summary : this.patients.findAll(grants.values())) {
			found.add(PatientResources.toFhir(summary));
		}
		return found;
	}

	private List<Patient> one(AppAccess caller, String rawId, TokenParam alsoId) {
		if (alsoId != null && !alsoId.getValue().equals(rawId)) {
			return List.of();
		}
		try {
			PatientId patient = this.callers.patient(caller, rawId, Action.READ_DEMOGRAPHICS);
			return this.resources.find(caller, patient).map(List::of).orElse(List.of());
		}
		catch (ResourceNotFoundException ex) {
			return List.of();
		}
	}


	@Override
	public String resourceType() {
		return "Patient";
	}

}
