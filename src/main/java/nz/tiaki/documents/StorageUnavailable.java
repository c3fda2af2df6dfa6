package nz.tiaki.documents;

/**
 * The document store could not be reached, or refused the request.
 */
public class StorageUnavailable extends DocumentsUnavailable {

	StorageUnavailable() {
		super("Documents cannot be stored or opened right now. Nothing was changed; please try again in a few minutes.");
	}

}
