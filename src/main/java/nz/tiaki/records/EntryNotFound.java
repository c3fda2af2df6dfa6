package nz.tiaki.records;

/**
 * The entry does not exist, or is not the asker's to see; deliberately the same answer.
 */
public class EntryNotFound extends RuntimeException {

	EntryNotFound() {
		super("Not found", null, false, false);
	}

}
