package nz.tiaki.access;

/**
 * The gate said no. Carries no personal data; web adapters answer it exactly like a
 * missing object.
 */
public class AccessDenied extends RuntimeException {

	AccessDenied() {
		super("Access denied", null, false, false);
	}

}
