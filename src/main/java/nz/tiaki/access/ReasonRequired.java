package nz.tiaki.access;

/**
 * The clinician must state a reason before opening more patients' records this hour. Carries no personal data.
 */
public class ReasonRequired extends RuntimeException {

	ReasonRequired() {
		super("ReasonRequired", null, false, false);
	}

}
