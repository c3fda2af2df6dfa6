package nz.tiaki.identity;

import java.util.UUID;

/**
 * Whom an account belongs to: a patient of the registry or a staff member of a practice.
 *
 * @param kind patient or staff
 * @param id the patient's or staff member's id
 */
public record AccountHolder(Kind kind, UUID id) {

	/**
	 * @param patientId a patient's id
	 * @return the holder for that patient
	 */
	public static AccountHolder patient(UUID patientId) {
		return new AccountHolder(Kind.PATIENT, patientId);
	}

	/**
	 * @param staffMemberId a staff member's id
	 * @return the holder for that staff member
	 */
	public static AccountHolder staff(UUID staffMemberId) {
		return new AccountHolder(Kind.STAFF, staffMemberId);
	}

	/**
	 * The kinds of account holder.
	 */
	public enum Kind {

		/** A patient. */
		PATIENT,
		/** A member of a practice's staff. */
		STAFF

	}

}
