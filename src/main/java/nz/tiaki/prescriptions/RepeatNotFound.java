package nz.tiaki.prescriptions;

/**
 * No such request for this person — missing or someone else's, answered alike.
 */
public class RepeatNotFound extends RuntimeException {

	private static final long serialVersionUID = 1L;

	RepeatNotFound() {
		super("Not found", null, false, false);
	}

}
