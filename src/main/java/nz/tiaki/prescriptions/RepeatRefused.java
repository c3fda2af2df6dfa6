package nz.tiaki.prescriptions;

/**
 * A repeat request or answer was refused; the message says why, in words for the person.
 */
public class RepeatRefused extends RuntimeException {

	private static final long serialVersionUID = 1L;

	RepeatRefused(String message) {
		super(message, null, false, false);
	}

}
