package nz.tiaki.fhir;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import nz.tiaki.access.Action;
import nz.tiaki.apps.AppAccess;
import nz.tiaki.messaging.Conversation;
import nz.tiaki.messaging.Messaging;
import nz.tiaki.shared.ids.PatientId;

import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

import org.springframework.stereotype.Component;

/**
 * {@code Communication}: the messages between a patient and their practice, read-only, for
 * the patient's app. Reading them through the API does not mark them read in the portal.
 */
@Component
class CommunicationProvider extends PatientListProvider<Communication> {

	private final Messaging messaging;

	CommunicationProvider(Callers callers, Messaging messaging) {
		super(callers, Communication.class, Action.READ_MESSAGES);
		this.messaging = messaging;
	}

	@Override
	protected List<Communication> of(AppAccess caller, PatientId patient) {
		List<Communication> found = new ArrayList<>();
		for (Conversation conversation : this.messaging.messagesOf(caller.subject(), patient)) {
			for (Conversation.Message message : conversation.messages()) {
				found.add(toFhir(conversation, message));
			}
		}
		return found;
	}

	static Communication toFhir(Conversation conversation, Conversation.Message message) {
		Communication communication = new Communication();
		communication.setId(new IdType("Communication", message.id().toString(), "1"));
		communication.getMeta().setVersionId("1");
		communication.setStatus(Communication.CommunicationStatus.COMPLETED);
		communication.setSubject(new Reference("Patient/" + conversation.patient().value()));
		communication.getTopic().setText(conversation.subject());
		communication.setSent(Date.from(message.sentAt()));
		if (message.readByOtherSide() != null) {
			communication.setReceived(Date.from(message.readByOtherSide()));
		}
		Reference patient = new Reference("Patient/" + conversation.patient().value());
		Reference practice = new Reference().setDisplay(message.fromPatient() ? conversation.addressedTo() : message.author());
		communication.setSender(message.fromPatient() ? patient : practice);
		communication.addRecipient(message.fromPatient() ? practice : patient);
		communication.addPayload().setContent(new StringType(message.body()));
		return communication;
	}

}
