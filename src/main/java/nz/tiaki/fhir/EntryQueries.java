package nz.tiaki.fhir;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import nz.tiaki.access.AccessDenied;
import nz.tiaki.apps.AppAccess;
import nz.tiaki.apps.SmartScope;
import nz.tiaki.records.Category;
import nz.tiaki.records.Entry;
import nz.tiaki.records.EntryId;
import nz.tiaki.records.EntryNotFound;
import nz.tiaki.records.Records;
import nz.tiaki.shared.ids.PatientId;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import org.springframework.stereotype.Component;

/**
 * Reading and searching clinical entries for the FHIR providers: each read passes the gate
 * through the records facade; search parameters then narrow what the gate let through.
 */
@Component
class EntryQueries {

	private final Callers callers;

	private final Records records;

	private final PatientResources patients;

	EntryQueries(Callers callers, Records records, PatientResources patients) {
		this.callers = callers;
		this.records = records;
		this.patients = patients;
	}

	/**
	 * {@code _include} of the patient: puts the Patient itself behind each result's patient
	 * reference (HAPI then adds it to the bundle), when the caller's scopes allow reading
	 * patients and the gate agrees; otherwise the reference stays a plain reference.
	 * @param request the request
	 * @param includes the {@code _include} values asked for
	 * @param found the results
	 */
	void includePatients(RequestDetails request, java.util.Set<ca.uhn.fhir.model.api.Include> includes,
			List<? extends IBaseResource> found) {
		if (includes == null || includes.isEmpty()) {
			return;
		}
		AppAccess caller = this.callers.current(request);
		if (!caller.allows("Patient", SmartScope.Permission.READ)) {
			return;
		}
		java.util.Map<String, java.util.Optional<org.hl7.fhir.r4.model.Patient>> seen = new java.util.HashMap<>();
		for (IBaseResource resource : found) {
			Reference reference = patientReference((Resource) resource);
			if (reference == null || !"Patient".equals(reference.getReferenceElement().getResourceType())) {
				continue;
			}
			String id = reference.getReferenceElement().getIdPart();
			java.util.Optional<org.hl7.fhir.r4.model.Patient> patient = seen.computeIfAbsent(id, key -> {
				try {
					return this.patients.find(caller, this.callers.patient(caller, key, nz.tiaki.access.Action.READ_DEMOGRAPHICS));
				}
				catch (ResourceNotFoundException ex) {
					return java.util.Optional.empty();
				}
			});
			patient.ifPresent(reference::setResource);
		}
	}

	/**
	 * @param resource a resource of a patient's record
	 * @return its reference to the patient it belongs to, or {@code null}
	 */
	static Reference patientReference(Resource resource) {
		if (resource instanceof org.hl7.fhir.r4.model.Condition condition) {
			return condition.getSubject();
		}
		if (resource instanceof org.hl7.fhir.r4.model.Observation observation) {
			return observation.getSubject();
		}
		if (resource instanceof org.hl7.fhir.r4.model.MedicationStatement medication) {
			return medication.getSubject();
		}
		if (resource instanceof org.hl7.fhir.r4.model.AllergyIntolerance allergy) {
			return allergy.getPatient();
		}
		if (resource instanceof org.hl7.fhir.r4.model.Immunization immunization) {
			return immunization.getPatient();
		}
		if (resource instanceof org.hl7.fhir.r4.model.DocumentReference document) {
			return document.getSubject();
		}
		if (resource instanceof org.hl7.fhir.r4.model.AuditEvent event) {
			return event.getEntityFirstRep().getWhat();
		}
		if (resource instanceof org.hl7.fhir.r4.model.Consent consent) {
			return consent.getPatient();
		}
		if (resource instanceof org.hl7.fhir.r4.model.Communication communication) {
			return communication.getSubject();
		}
		if (resource instanceof org.hl7.fhir.r4.model.MedicationRequest medicationRequest) {
			return medicationRequest.getSubject();
		}
		if (resource instanceof org.hl7.fhir.r4.model.Appointment appointment) {
			return appointment.getParticipant()
				.stream()
				.map(org.hl7.fhir.r4.model.Appointment.AppointmentParticipantComponent::getActor)
				.filter(actor -> actor.getReferenceElement().getResourceType() != null
						&& actor.getReferenceElement().getResourceType().equals("Patient"))
				.findFirst()
				.orElse(null);
		}
		return null;
	}

	Resource read(RequestDetails request, IdType id, Category category) {
		String type = id.getResourceType();
		AppAccess caller = this.callers.require(request, type, SmartScope.Permission.READ);
		EntryId entryId;
		try {
			entryId = new EntryId(UUID.fromString(id.getIdPart()));
		}
		catch (IllegalArgumentException ex) {
			throw new ResourceNotFoundException(id);
		}
		Entry entry;
		try {
			entry = this.records.get(caller.subject(), entryId, caller.patient());
		}
		catch (EntryNotFound ex) {
			throw new ResourceNotFoundException(id);
		}
		if (entry.category() != category) {
			throw new ResourceNotFoundException(id);
		}
		if (id.hasVersionIdPart() && !id.getVersionIdPart().equals("1")) {
			throw new ResourceNotFoundException(id);
		}
		return shaped(entry);
	}

	/**
	 * @param request the request
	 * @param type the resource type searched
	 * @param category its kind of entry
	 * @param patient the {@code patient} parameter
	 * @param subject the {@code subject} parameter
	 * @return the caller's entries of that patient and kind, newest first
	 */
	List<Entry> search(RequestDetails request, String type, Category category, ReferenceParam patient,
			ReferenceParam subject) {
		AppAccess caller = this.callers.require(request, type, SmartScope.Permission.SEARCH);
		ReferenceParam given = patient != null ? patient : subject;
		String reference;
		if (given == null) {
			if (caller.patient() == null) {
				throw new InvalidRequestException("Say whose records to search with the patient parameter.");
			}
			reference = caller.patient().value().toString();
		}
		else {
			if (given.getChain() != null && !given.getChain().isEmpty()) {
				throw new InvalidRequestException("Chained patient searches are not supported; search by the "
						+ "patient's id.");
			}
			if (given.getResourceType() != null && !given.getResourceType().equals("Patient")) {
				return List.of();
			}
			reference = given.getIdPart();
		}
		PatientId whose;
		try {
			whose = this.callers.patient(caller, reference, category.readAction());
		}
		catch (ResourceNotFoundException ex) {
			return List.of();
		}
		try {
			return this.records.list(caller.subject(), whose, category);
		}
		catch (AccessDenied ex) {
			return List.of();
		}
	}

	static Resource shaped(Entry entry) {
		Resource resource = entry.resource().copy();
		resource.setId(new IdType(resource.fhirType(), entry.id().value().toString(), "1"));
		resource.getMeta().setVersionId("1");
		resource.getMeta().setLastUpdated(Date.from(entry.recordedAt()));
		return resource;
	}

	static List<Resource> shaped(List<Entry> entries) {
		List<Resource> shaped = new ArrayList<>(entries.size());
		for (Entry entry : entries) {
			shaped.add(shaped(entry));
		}
		return shaped;
	}

	static boolean matches(TokenOrListParam wanted, List<CodeableConcept> concepts) {
		if (wanted == null || wanted.getValuesAsQueryTokens().isEmpty()) {
			return true;
		}
		for (TokenParam token : wanted.getValuesAsQueryTokens()) {
			for (CodeableConcept concept : concepts) {
				for (Coding coding : concept.getCoding()) {
					boolean system = token.getSystem() == null || token.getSystem().isEmpty()
							|| token.getSystem().equals(coding.getSystem());
					boolean code = token.getValue() == null || token.getValue().isEmpty()
							|| token.getValue().equals(coding.getCode());
					if (system && code) {
						return true;
					}
				}
			}
		}
		return false;
	}

	static boolean matchesCode(TokenOrListParam wanted, String code) {
		if (wanted == null || wanted.getValuesAsQueryTokens().isEmpty()) {
			return true;
		}
		return code != null && wanted.getValuesAsQueryTokens().stream().anyMatch(t -> code.equals(t.getValue()));
	}

	static boolean within(DateRangeParam range, Date date) {
		if (range == null) {
			return true;
		}
		if (date == null) {
			return false;
		}
		Date low = range.getLowerBoundAsInstant();
		Date high = range.getUpperBoundAsInstant();
		return (low == null || !date.before(low)) && (high == null || !date.after(high));
	}

}
