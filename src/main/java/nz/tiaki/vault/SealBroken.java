package nz.tiaki.vault;

/**
 * A sealed value would not open: it was changed, moved to another place, or its key was
 * destroyed. Never carries the value or whose it is.
 */
public class SealBroken extends RuntimeException {

	SealBroken(String what) {
		super(what, null, false, false);
	}

}
