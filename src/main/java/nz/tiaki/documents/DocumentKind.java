package nz.tiaki.documents;

/**
 * What a document is.
 */
public enum DocumentKind {

	/** A letter from the practice. */
	LETTER("Letter"),
	/** A result report. */
	RESULT("Result report"),
	/** A hospital discharge summary. */
	DISCHARGE_SUMMARY("Discharge summary"),
	/** A referral. */
	REFERRAL("Referral"),
	/** A file the patient added. */
	PATIENT_UPLOAD("Your upload"),
	/** Anything else. */
	OTHER("Document");

	private final String label;

	DocumentKind(String label) {
		this.label = label;
	}

	/**
	 * @return the kind in plain words
	 */
	public String label() {
		return this.label;
	}

}
