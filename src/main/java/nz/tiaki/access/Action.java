package nz.tiaki.access;

/**
 * What a subject asks to do with a patient's data.
 */
public enum Action {

	/** Name, date of birth, NHI, contact details. */
	READ_DEMOGRAPHICS,
	/** Conditions, medications, allergies, immunisations. */
	READ_SUMMARY,
	/** Laboratory and other results. */
	READ_RESULTS,
	/** Clinical notes. */
	READ_NOTES,
	/** A document's content. */
	READ_DOCUMENT,
	/** The record of who accessed the patient's data. */
	READ_ACCESS_HISTORY,
	/** Register a patient or change their demographics. */
	WRITE_DEMOGRAPHICS,
	/** Add or change clinical entries. */
	WRITE_RECORD,
	/** Release results and notes to the patient. */
	RELEASE,
	/** Publish a document to the patient. */
	PUBLISH_DOCUMENT,
	/** See appointments. */
	READ_APPOINTMENTS,
	/** Book or cancel an appointment. */
	BOOK_APPOINTMENT,
	/** Ask for repeats of current medicines (sees only the medicines list). */
	REQUEST_REPEAT,
	/** See repeat prescription requests and their answers. */
	READ_REPEATS,
	/** Approve or decline a repeat prescription request. */
	DECIDE_REPEAT,
	/** Read messages between the patient and their practice. */
	READ_MESSAGES,
	/** Send a message in the patient's conversations with their practice. */
	SEND_MESSAGE,
	/** The patient uploads a document of their own. */
	UPLOAD_DOCUMENT,
	/** Destroy the patient's data key (crypto-shredding). */
	SHRED,
	/** Remove a document from the portal (its owner's choice, or its time is over). */
	REMOVE_DOCUMENT,
	/** Delete the patient's conversations with their practice (closing their account). */
	REMOVE_MESSAGES,
	/** Delete what a practice holds of the patient in the portal (the practice leaving). */
	ERASE,
	/** Make or collect a copy of everything the portal holds of the patient. */
	EXPORT_DATA,
	/** Ask for an entry of the record to be corrected. */
	REQUEST_CORRECTION

}
