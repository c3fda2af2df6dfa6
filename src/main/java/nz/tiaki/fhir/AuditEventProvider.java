package nz.tiaki.fhir;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.AccessHistory;
import nz.tiaki.access.AccessHistoryItem;
import nz.tiaki.access.Action;
import nz.tiaki.apps.AppAccess;
import nz.tiaki.apps.SmartScope;
import nz.tiaki.shared.ids.PatientId;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;

import org.springframework.stereotype.Component;

/**
 * {@code AuditEvent}: "who has seen my record" for a patient's app — the patient's own access
 * history, read-only, searchable by patient and date.
 */
@Component
class AuditEventProvider implements IResourceProvider, ReadsById {

	private final Callers callers;

	private final AccessHistory history;

	AuditEventProvider(Callers callers, AccessHistory history) {
		this.callers = callers;
		this.history = history;
	}

	@Override
	public Class<? extends IBaseResource> getResourceType() {
		return AuditEvent.class;
	}

	@Search
	public List<IBaseResource> search(@OptionalParam(name = AuditEvent.SP_PATIENT) ReferenceParam patient,
			@OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam date,
			RequestDetails request) {
		AppAccess caller = this.callers.require(request, "AuditEvent", SmartScope.Permission.SEARCH);
		String reference = patient != null ? patient.getIdPart()
				: caller.patient() != null ? caller.patient().value().toString() : null;
		if (reference == null) {
			return List.of();
		}
		List<IBaseResource> found = new ArrayList<>();
		try {
			PatientId whose = this.callers.patient(caller, reference, Action.READ_ACCESS_HISTORY);
			int n = 0;
			for (AccessHistoryItem item : this.history.of(caller.subject(), whose, null)) {
				Date at = Date.from(item.at());
				if (EntryQueries.within(date, at)) {
					found.add(toFhir(item, whose, n++));
				}
			}
		}
		catch (ResourceNotFoundException | AccessDenied ex) {
			return List.of();
		}
		return found;
	}

	@Override
	public String resourceType() {
		return "AuditEvent";
	}

	@Override
	@ca.uhn.fhir.rest.annotation.Read
	public AuditEvent read(@ca.uhn.fhir.rest.annotation.IdParam org.hl7.fhir.r4.model.IdType id, RequestDetails request) {
		AppAccess caller = this.callers.require(request, "AuditEvent", SmartScope.Permission.READ);
		if (caller.patient() == null) {
			throw new ResourceNotFoundException(id);
		}
		try {
			for (AccessHistoryItem item : this.history.of(caller.subject(), caller.patient(), null)) {
				if (idOf(item).equals(id.getIdPart())) {
					return toFhir(item, caller.patient(), 0);
				}
			}
		}
		catch (AccessDenied ex) {
			// answered below, like a missing one
		}
		throw new ResourceNotFoundException(id);
	}

	/**
	 * An id that stays the same for the same line of the history, so a paged search can
	 * fetch it again.
	 */
	static String idOf(AccessHistoryItem item) {
		int hash = java.util.Objects.hash(item.who(), item.what(), item.place(), item.allowed(), item.emergency());
		return "access-" + item.at().toEpochMilli() + "-" + Integer.toHexString(hash);
	}

	static AuditEvent toFhir(AccessHistoryItem item, PatientId patient, int n) {
		AuditEvent event = new AuditEvent();
		event.setId(idOf(item));
		event.setType(new Coding("http://dicom.nema.org/resources/ontology/DCM", "110110", "Patient Record"));
		event.setAction(AuditEvent.AuditEventAction.R);
		event.setRecorded(Date.from(item.at()));
		event.setOutcome(item.allowed() ? AuditEvent.AuditEventOutcome._0 : AuditEvent.AuditEventOutcome._4);
		event.setOutcomeDesc(item.what());
		AuditEvent.AuditEventAgentComponent agent = event.addAgent();
		agent.setRequestor(true);
		agent.setWho(new Reference().setDisplay(item.who()));
		agent.getNetwork().setAddress(item.place());
		if (item.emergency()) {
			event.addPurposeOfEvent().addCoding()
				.setSystem("http://terminology.hl7.org/CodeSystem/v3-ActReason")
				.setCode("ETREAT")
				.setDisplay("Emergency treatment");
		}
		event.getSource().setObserver(new Reference().setDisplay("Tiaki"));
		event.addEntity().setWhat(new Reference("Patient/" + patient.value()));
		return event;
	}

}
