package nz.tiaki.records;

/**
 * An entry could not be added; the message says why in plain words.
 */
public class EntryRejected extends RuntimeException {

	EntryRejected(String reason) {
		super(reason, null, false, false);
	}

}
