package nz.tiaki.appointments;

import java.time.Instant;
import java.util.UUID;

import nz.tiaki.shared.ids.PatientId;

/**
 * A booked appointment. Personal data: never log it.
 *
 * @param id the appointment
 * @param patient whose
 * @param slot the time booked
 * @param practiceName where
 * @param cancellable whether the patient may still cancel it themselves
 */
public record Appointment(UUID id, PatientId patient, Slot slot, String practiceName, boolean cancellable) {

	@Override
	public String toString() {
		return "Appointment[" + this.id + "]";
	}

	/**
	 * @return when it starts
	 */
	public Instant startsAt() {
		return this.slot.startsAt();
	}

}
