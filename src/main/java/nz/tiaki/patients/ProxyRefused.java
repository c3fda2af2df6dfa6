package nz.tiaki.patients;

/**
 * A proxy arrangement was refused; the message says why, in words for the patient.
 */
public class ProxyRefused extends RuntimeException {

	private static final long serialVersionUID = 1L;

	ProxyRefused(String message) {
		super(message, null, false, false);
	}

}
