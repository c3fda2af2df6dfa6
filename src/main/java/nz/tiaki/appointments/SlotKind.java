package nz.tiaki.appointments;

/**
 * How an appointment happens.
 */
public enum SlotKind {

	/** At the practice. */
	IN_PERSON("At the practice"),
	/** The clinician phones the patient. */
	PHONE("Phone call"),
	/** A video call. */
	VIDEO("Video call");

	private final String label;

	SlotKind(String label) {
		this.label = label;
	}

	/**
	 * @return the kind in words
	 */
	public String label() {
		return this.label;
	}

}
