package nz.tiaki.access;

/**
 * Why a subject asks.
 */
public enum Purpose {

	/** A patient looking at their own information. */
	SELF_SERVICE,
	/** A proxy acting for the patient. */
	PROXY,
	/** Treatment and care by the patient's practice. */
	CARE,
	/** Running the practice: registration, invitations, appointments. */
	ADMINISTRATION,
	/** Emergency access by a clinician outside the care team. */
	EMERGENCY,
	/** A system job: import, retention, key management. */
	SYSTEM

}
