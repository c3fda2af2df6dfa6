package nz.tiaki.messaging;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import nz.tiaki.shared.ids.PatientId;

/**
 * A conversation between a patient and their practice, opened. Personal health information:
 * never log it.
 *
 * @param id the conversation
 * @param patient whose
 * @param patientName the patient's name (for staff), or {@code null}
 * @param addressedTo who it is for, in words ("The front desk" or a clinician's name)
 * @param subject its subject
 * @param closed whether the practice closed it
 * @param unread how many messages the viewer has not read
 * @param lastAt when the last message was sent
 * @param messages the messages, oldest first (empty in lists)
 */
public record Conversation(UUID id, PatientId patient, String patientName, String addressedTo, String subject,
		boolean closed, int unread, Instant lastAt, List<Message> messages) {

	@Override
	public String toString() {
		return "Conversation[" + this.id + "]";
	}

	/**
	 * One message.
	 *
	 * @param id the message
	 * @param fromPatient whether the patient (or their proxy) wrote it
	 * @param author who wrote it, in words
	 * @param sentAt when
	 * @param body what it says
	 * @param noReplyExpected whether the practice said no reply is expected
	 * @param readByOtherSide when the other side first read it, or {@code null}
	 * @param attachment the document attached to it, or {@code null}
	 */
	public record Message(UUID id, boolean fromPatient, String author, Instant sentAt, String body,
			boolean noReplyExpected, Instant readByOtherSide, UUID attachment) {

		@Override
		public String toString() {
			return "Message[" + this.id + "]";
		}

	}

}
