package nz.tiaki.fhir;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import nz.tiaki.access.Action;
import nz.tiaki.apps.AppAccess;
import nz.tiaki.prescriptions.Prescriptions;
import nz.tiaki.prescriptions.Repeat;
import nz.tiaki.shared.ids.PatientId;

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
class MedicationRequestProvider extends PatientListProvider<MedicationRequest> {

	private final Prescriptions prescriptions;

	MedicationRequestProvider(Callers callers, Prescriptions prescriptions) {
		super(callers, MedicationRequest.class, Action.READ_REPEATS);
		this.prescriptions = prescriptions;
	}

	@Override
	protected List<MedicationRequest> of(AppAccess caller, PatientId patient) {
		List<MedicationRequest> found = new ArrayList<>();
		for (Repeat repeat : this.prescriptions.requestsOf(caller.subject(), patient)) {
			for (int i = 0; i < repeat.medicines().size(); i++) {
				found.add(toFhir(repeat, i));
			}
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
