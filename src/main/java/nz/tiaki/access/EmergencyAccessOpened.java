package nz.tiaki.access;

import java.time.Instant;

import nz.tiaki.shared.ids.PatientId;

/**
 * Published, inside the transaction that records it, when a clinician outside the care team
 * opens emergency access to a patient's record: the patient is to be told.
 *
 * @param patient whose record
 * @param at when
 */
public record EmergencyAccessOpened(PatientId patient, Instant at) {
}
