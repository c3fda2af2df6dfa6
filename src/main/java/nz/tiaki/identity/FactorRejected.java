package nz.tiaki.identity;

/**
 * A second factor could not be added or removed; the message says why in plain words.
 */
public class FactorRejected extends RuntimeException {

	FactorRejected(String reason) {
		super(reason, null, false, false);
	}

}
