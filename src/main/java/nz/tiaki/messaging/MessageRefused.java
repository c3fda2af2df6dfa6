package nz.tiaki.messaging;

/**
 * A message was refused; the message says why, in words for the person.
 */
public class MessageRefused extends RuntimeException {

	private static final long serialVersionUID = 1L;

	MessageRefused(String message) {
		super(message, null, false, false);
	}

}
