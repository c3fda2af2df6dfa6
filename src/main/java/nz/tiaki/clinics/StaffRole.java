package nz.tiaki.clinics;

/**
 * What a staff member does at their practice.
 */
public enum StaffRole {

	/** A doctor. */
	DOCTOR("Doctor"),
	/** A nurse. */
	NURSE("Nurse"),
	/** Front desk: appointments and demographics, never clinical content. */
	RECEPTIONIST("Receptionist"),
	/** Runs the practice's portal: staff accounts and settings. */
	PRACTICE_ADMIN("Practice administrator");

	private final String label;

	StaffRole(String label) {
		this.label = label;
	}

	/**
	 * @return the role in plain words
	 */
	public String label() {
		return this.label;
	}

}
