package nz.tiaki.clinics;

/**
 * The thing asked for does not exist, or is not the asker's to see; the two are
 * deliberately answered alike.
 */
public class NotFound extends RuntimeException {

	NotFound() {
		super("Not found", null, false, false);
	}

}
