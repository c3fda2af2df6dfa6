package nz.tiaki.fhir;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import nz.tiaki.access.AccessDenied;
import nz.tiaki.apps.AppAccess;
import nz.tiaki.apps.SmartScope;
import nz.tiaki.appointments.Appointments;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;

import org.springframework.stereotype.Component;

/**
 * {@code Slot}: the free times the launch patient may book online.
 */
@Component
class SlotProvider implements IResourceProvider, ReadsById {

	private final Callers callers;

	private final Appointments appointments;

	SlotProvider(Callers callers, Appointments appointments) {
		this.callers = callers;
		this.appointments = appointments;
	}

	@Override
	public Class<? extends IBaseResource> getResourceType() {
		return Slot.class;
	}

	@Override
	public String resourceType() {
		return "Slot";
	}

	@Override
	@Read
	public Slot read(@IdParam IdType id, RequestDetails request) {
		this.callers.require(request, "Slot", SmartScope.Permission.READ);
		return free(this.callers.current(request)).stream()
			.filter(slot -> slot.getIdElement().getIdPart().equals(id.getIdPart()))
			.findFirst()
			.orElseThrow(() -> new ResourceNotFoundException(id));
	}

	@Search
	public List<IBaseResource> search(RequestDetails request) {
		AppAccess caller = this.callers.require(request, "Slot", SmartScope.Permission.SEARCH);
		return new ArrayList<>(free(caller));
	}

	private List<Slot> free(AppAccess caller) {
		if (caller.patient() == null) {
			return List.of();
		}
		List<Slot> found = new ArrayList<>();
		try {
			for (nz.tiaki.appointments.Slot slot : this.appointments.freeSlots(caller.subject(), caller.patient())) {
				Slot resource = new Slot();
				resource.setId(new IdType("Slot", slot.id().toString(), "1"));
				resource.getMeta().setVersionId("1");
				resource.setStatus(Slot.SlotStatus.FREE);
				resource.setStart(Date.from(slot.startsAt()));
				resource.setEnd(Date.from(slot.endsAt()));
				resource.setAppointmentType(new CodeableConcept().setText(slot.kind().label()));
				Schedule schedule = new Schedule();
				schedule.setId("schedule");
				schedule.addActor(new Reference("Practitioner/" + slot.clinicianId()).setDisplay(slot.clinicianName()));
				resource.setSchedule(new Reference("#schedule"));
				resource.addContained(schedule);
				found.add(resource);
			}
		}
		catch (AccessDenied ex) {
			return List.of();
		}
		return found;
	}

}
