package nz.tiaki.identity;

import java.util.UUID;

/**
 * Whom an account belongs to: a patient of the registry, a staff member of a practice, or
 * one of Tiaki's operators.
 *
 * @param kind patient, staff or operator
 * @param id the patient's, staff member's or operator's id
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
	 * @param operatorId one of Tiaki's operators
	 * @return the holder for that operator
	 */
	public static AccountHolder operator(UUID operatorId) {
		return new AccountHolder(Kind.OPERATOR, operatorId);
	}

	/**
	 * The kinds of account holder.
	 */
	public enum Kind {

		/** A patient. */
		PATIENT,
		/** A member of a practice's staff. */
		STAFF,
		/** One of Tiaki's operators: alerts and incidents, never a record. */
		OPERATOR

	}

}
