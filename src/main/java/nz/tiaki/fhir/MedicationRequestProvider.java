package nz.tiaki.fhir;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.Action;
import nz.tiaki.apps.AppAccess;
import nz.tiaki.apps.SmartScope;
import nz.tiaki.prescriptions.Prescriptions;
import nz.tiaki.prescriptions.Repeat;
import nz.tiaki.shared.ids.PatientId;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;

import org.springframework.stereotype.Component;

/**
 * {@code MedicationRequest}: a patient's repeat prescription requests, one resource per
 * medicine asked for — a proposal while it waits, an order once approved, cancelled when
 * declined.
 */
@Component
class MedicationRequestProvider implements IResourceProvider, ReadsById {

	private final Callers callers;

	private final Prescriptions prescriptions;

	MedicationRequestProvider(Callers callers, Prescriptions prescriptions) {
		this.callers = callers;
		this.prescriptions = prescriptions;
	}

	@Override
	public Class<? extends IBaseResource> getResourceType() {
		return MedicationRequest.class;
	}

	@Override
	public String resourceType() {
		return "MedicationRequest";
	}

	@Override
	@Read
	public MedicationRequest read(@IdParam IdType id, RequestDetails request) {
		AppAccess caller = this.callers.require(request, "MedicationRequest", SmartScope.Permission.READ);
		if (caller.patient() == null) {
			throw new ResourceNotFoundException(id);
		}
		return of(caller, caller.patient()).stream()
			.filter(resource -> resource.getIdElement().getIdPart().equals(id.getIdPart()))
			.findFirst()
			.orElseThrow(() -> new ResourceNotFoundException(id));
	}

	@Search
	public List<IBaseResource> search(@OptionalParam(name = MedicationRequest.SP_PATIENT) ReferenceParam patient,
			RequestDetails request) {
		AppAccess caller = this.callers.require(request, "MedicationRequest", SmartScope.Permission.SEARCH);
		String reference = patient != null ? patient.getIdPart()
				: caller.patient() != null ? caller.patient().value().toString() : null;
		if (reference == null) {
			return List.of();
		}
		try {
			return new ArrayList<>(of(caller, this.callers.patient(caller, reference, Action.READ_REPEATS)));
		}
		catch (ResourceNotFoundException ex) {
			return List.of();
		}
	}

	private List<MedicationRequest> of(AppAccess caller, PatientId patient) {
		List<MedicationRequest> found = new ArrayList<>();
		try {
			for (Repeat repeat : this.prescriptions.requestsOf(caller.subject(), patient)) {
				for (int i = 0; i < repeat.medicines().size(); i++) {
					found.add(toFhir(repeat, i));
				}
			}
		}
		catch (AccessDenied ex) {
			return List.of();
		}
		return found;
	}

	static MedicationRequest toFhir(Repeat repeat, int item) {
		MedicationRequest resource = new MedicationRequest();
		resource.setId(new IdType("MedicationRequest", repeat.id() + "-" + item, "1"));
		resource.getMeta().setVersionId("1");
		resource.setStatus(switch (repeat.status()) {
			case REQUESTED -> MedicationRequest.MedicationRequestStatus.DRAFT;
			case APPROVED -> MedicationRequest.MedicationRequestStatus.ACTIVE;
			case DECLINED -> MedicationRequest.MedicationRequestStatus.CANCELLED;
		});
		resource.setIntent(repeat.status() == Repeat.Status.APPROVED ? MedicationRequest.MedicationRequestIntent.ORDER
				: MedicationRequest.MedicationRequestIntent.PROPOSAL);
		resource.setMedication(new CodeableConcept().setText(repeat.medicines().get(item)));
		resource.setSubject(new Reference("Patient/" + repeat.patient().value()));
		resource.setAuthoredOn(Date.from(repeat.requestedAt()));
		if (!repeat.note().isEmpty()) {
			resource.addNote().setText(repeat.note());
		}
		if (!repeat.answer().isEmpty()) {
			resource.addNote().setText(repeat.answer());
		}
		return resource;
	}

}
