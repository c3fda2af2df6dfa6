package nz.tiaki.appointments;

import java.time.Instant;
import java.util.UUID;

/**
 * A time a clinician is available.
 *
 * @param id the slot
 * @param clinicianId the clinician
 * @param clinicianName their name
 * @param startsAt when it starts
 * @param endsAt when it ends
 * @param kind how it happens
 * @param patientsMayBook whether patients may book it themselves
 */
public record Slot(UUID id, UUID clinicianId, String clinicianName, Instant startsAt, Instant endsAt, SlotKind kind,
		boolean patientsMayBook) {
}
