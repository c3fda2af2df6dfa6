package nz.tiaki.prescriptions;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import nz.tiaki.shared.ids.PatientId;

/**
 * A repeat prescription request, opened. Personal health information: never log it.
 *
 * @param id the request
 * @param patient whose
 * @param patientName the patient's name, for the practice's queue (else {@code null})
 * @param requestedAt when
 * @param medicines which medicines, in words
 * @param note the patient's note, may be empty
 * @param status where it stands
 * @param answer the practice's message, may be empty
 * @param feeCents the fee the practice set, if any
 */
public record Repeat(UUID id, PatientId patient, String patientName, Instant requestedAt, List<String> medicines,
		String note, Status status, String answer, Integer feeCents) {

	@Override
	public String toString() {
		return "Repeat[" + this.id + " " + this.status + "]";
	}

	/**
	 * @return the fee in words, or empty
	 */
	public String fee() {
		return this.feeCents == null || this.feeCents == 0 ? "" : String.format("$%d.%02d", this.feeCents / 100,
				this.feeCents % 100);
	}

	/**
	 * Where a request stands.
	 */
	public enum Status {

		/** Waiting for the practice. */
		REQUESTED("Waiting for your practice"),
		/** Approved. */
		APPROVED("Approved"),
		/** Declined. */
		DECLINED("Declined");

		private final String label;

		Status(String label) {
			this.label = label;
		}

		/**
		 * @return the status in words
		 */
		public String label() {
			return this.label;
		}

	}

}
