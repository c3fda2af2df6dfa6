package nz.tiaki.records;

import java.time.Instant;
import java.util.UUID;

import nz.tiaki.shared.ids.PatientId;

/**
 * A patient's request to correct an entry, and the practice's answer. Personal health
 * information: never log it.
 *
 * @param id the request
 * @param patient whose record
 * @param entry the entry as it stands now
 * @param requestedAt when it was asked
 * @param request what the patient says is wrong and what it should say (their statement)
 * @param status where it stands
 * @param answeredAt when the practice answered, if it has
 * @param answer the practice's words to the patient, if it has answered
 */
public record Correction(UUID id, PatientId patient, Entry entry, Instant requestedAt, String request, Status status,
		Instant answeredAt, String answer) {

	/** Where a request stands. */
	public enum Status {

		/** Waiting for the practice. */
		REQUESTED("Waiting for your practice"),
		/** The practice corrected the entry; the earlier version is kept. */
		CORRECTED("Corrected"),
		/** The practice kept the entry as it was and attached the patient's statement to it. */
		STATEMENT_ATTACHED("Not changed — your statement is attached to the entry");

		private final String label;

		Status(String label) {
			this.label = label;
		}

		/**
		 * @return the status in words for the patient
		 */
		public String label() {
			return this.label;
		}

	}

	/**
	 * @return the entry as it stands, in plain words
	 */
	public EntryView view() {
		return EntryView.of(this.entry);
	}

	@Override
	public String toString() {
		return "Correction[" + this.id + " " + this.status + "]";
	}

}
