package nz.tiaki.documents;

/**
 * The document or link does not exist, has expired, was used, or is not the asker's;
 * deliberately the same answer.
 */
public class DocumentNotFound extends RuntimeException {

	DocumentNotFound() {
		super("Not found", null, false, false);
	}

}
