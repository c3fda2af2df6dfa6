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
import nz.tiaki.appointments.Appointments;
import nz.tiaki.shared.ids.PatientId;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;

import org.springframework.stereotype.Component;

/**
 * {@code Appointment}: a patient's booked appointments from now on (read and search by
 * patient), through the same gate as the appointment pages.
 */
@Component
class AppointmentProvider implements IResourceProvider, ReadsById {

	private final Callers callers;

	private final Appointments appointments;

	AppointmentProvider(Callers callers, Appointments appointments) {
		this.callers = callers;
		this.appointments = appointments;
	}

	@Override
	public Class<? extends IBaseResource> getResourceType() {
		return Appointment.class;
	}

	@Override
	public String resourceType() {
		return "Appointment";
	}

	@Override
	@Read
	public Appointment read(@IdParam IdType id, RequestDetails request) {
		AppAccess caller = this.callers.require(request, "Appointment", SmartScope.Permission.READ);
		if (caller.patient() == null) {
			throw new ResourceNotFoundException(id);
		}
		return booked(caller, caller.patient()).stream()
			.filter(appointment -> appointment.getIdElement().getIdPart().equals(id.getIdPart()))
			.findFirst()
			.orElseThrow(() -> new ResourceNotFoundException(id));
	}

	@Search
	public List<IBaseResource> search(@OptionalParam(name = Appointment.SP_PATIENT) ReferenceParam patient,
			RequestDetails request) {
		AppAccess caller = this.callers.require(request, "Appointment", SmartScope.Permission.SEARCH);
		String reference = patient != null ? patient.getIdPart()
				: caller.patient() != null ? caller.patient().value().toString() : null;
		if (reference == null) {
			return List.of();
		}
		try {
			return new ArrayList<>(booked(caller, this.callers.patient(caller, reference, Action.READ_APPOINTMENTS)));
		}
		catch (ResourceNotFoundException ex) {
			return List.of();
		}
	}

	private List<Appointment> booked(AppAccess caller, PatientId patient) {
		List<Appointment> found = new ArrayList<>();
		try {
			for (nz.tiaki.appointments.Appointment booked : this.appointments.upcoming(caller.subject(), patient)) {
				found.add(toFhir(booked));
			}
		}
		catch (AccessDenied ex) {
			return List.of();
		}
		return found;
	}

	static Appointment toFhir(nz.tiaki.appointments.Appointment booked) {
		Appointment appointment = new Appointment();
		appointment.setId(new IdType("Appointment", booked.id().toString(), "1"));
		appointment.getMeta().setVersionId("1");
		appointment.setStatus(Appointment.AppointmentStatus.BOOKED);
		appointment.setStart(Date.from(booked.slot().startsAt()));
		appointment.setEnd(Date.from(booked.slot().endsAt()));
		appointment.setAppointmentType(new CodeableConcept().setText(booked.slot().kind().label()));
		appointment.addSlot(new Reference("Slot/" + booked.slot().id()));
		appointment.addParticipant()
			.setActor(new Reference("Patient/" + booked.patient().value()))
			.setStatus(Appointment.ParticipationStatus.ACCEPTED);
		appointment.addParticipant()
			.setActor(new Reference("Practitioner/" + booked.slot().clinicianId()).setDisplay(booked.slot().clinicianName()))
			.setStatus(Appointment.ParticipationStatus.ACCEPTED);
		return appointment;
	}

}
