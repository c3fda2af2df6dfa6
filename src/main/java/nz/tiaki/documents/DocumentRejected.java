package nz.tiaki.documents;

/**
 * A file was refused; the message says why in plain words. Nothing was stored.
 */
public class DocumentRejected extends RuntimeException {

	DocumentRejected(String reason) {
		super(reason, null, false, false);
	}

}
