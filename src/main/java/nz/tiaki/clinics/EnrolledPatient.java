package nz.tiaki.clinics;

import nz.tiaki.patients.PatientSummary;

/**
 * A patient on a practice's list, with where their portal account stands.
 *
 * @param patient who
 * @param access whether they have an account, an invitation waiting, or neither
 */
public record EnrolledPatient(PatientSummary patient, PortalAccess access) {

	/**
	 * Where a person's portal account stands.
	 */
	public enum PortalAccess {

		/** Has an account. */
		ACTIVE,
		/** Has an unused invitation. */
		INVITED,
		/** Had an account whose sign-in was reset (an incident): needs a new invitation. */
		RESET,
		/** Neither. */
		NONE

	}

}
