package nz.tiaki.records;

/**
 * A correction request or answer was refused; the message says why. Nothing was stored.
 */
public class CorrectionRefused extends RuntimeException {

	CorrectionRefused(String reason) {
		super(reason, null, false, false);
	}

}
