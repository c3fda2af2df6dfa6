package nz.tiaki.lifecycle;

/**
 * A copy of one's data could not be asked for or collected; the message says why.
 */
public class DataExportRefused extends RuntimeException {

	DataExportRefused(String reason) {
		super(reason, null, false, false);
	}

}
