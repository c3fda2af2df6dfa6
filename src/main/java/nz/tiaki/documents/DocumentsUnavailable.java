package nz.tiaki.documents;

/**
 * A file could not be taken or given just now because something it needs is away; nothing
 * was stored, and the same request may be made again later.
 */
public class DocumentsUnavailable extends DocumentRejected {

	DocumentsUnavailable(String message) {
		super(message);
	}

}
