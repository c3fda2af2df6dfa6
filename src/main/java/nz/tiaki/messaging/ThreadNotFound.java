package nz.tiaki.messaging;

/**
 * No such conversation for this person — missing or someone else's, answered alike.
 */
public class ThreadNotFound extends RuntimeException {

	private static final long serialVersionUID = 1L;

	ThreadNotFound() {
		super("Not found", null, false, false);
	}

}
