package nz.tiaki.appointments;

/**
 * A booking or cancellation was refused; the message says why, in words for the person.
 */
public class BookingRefused extends RuntimeException {

	private static final long serialVersionUID = 1L;

	BookingRefused(String message) {
		super(message, null, false, false);
	}

}
