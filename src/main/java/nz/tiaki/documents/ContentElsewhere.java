package nz.tiaki.documents;

import java.time.Instant;
import java.util.function.Consumer;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A store that keeps sealed content outside the document's row (an object store, a
 * directory), named by the document's id alone. Content is written before its row, so it
 * must be removed again when that row does not commit, and removed after the row's deletion
 * commits; a node that stops in between leaves content no row names, which a sweep finds by
 * listing the store.
 */
interface ContentElsewhere extends ContentStore {

	/**
	 * Content found in the store.
	 *
	 * @param id the document it is named after
	 * @param lastModified when it was written
	 */
	record Stored(DocumentId id, Instant lastModified) {
	}

	/**
	 * @param id the document
	 * @return its sealed content, as kept in this store, read as it is asked for; to be closed
	 * by the reader
	 * @throws StorageUnavailable when the store cannot give it just now
	 */
	java.io.InputStream stream(DocumentId id);

	/** Content written in the row before the store was chosen stays there, and is read from there. */
	@Override
	default java.io.InputStream open(DocumentId id, byte[] inRow) {
		return inRow != null ? new java.io.ByteArrayInputStream(inRow) : stream(id);
	}

	/**
	 * Lists everything in the store that is named after a document, written in full or not.
	 * @param each receives each
	 * @throws StorageUnavailable when the store cannot be listed just now
	 */
	void list(Consumer<Stored> each);

	/**
	 * Removes a document's content now; a failure is logged and leaves sealed bytes over.
	 * @param id the document
	 */
	void delete(DocumentId id);

	/** Arranges for the content just kept to go again if the current transaction does not commit. */
	default void deleteUnlessCommitted(DocumentId id) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int outcome) {
					if (outcome != STATUS_COMMITTED) {
						delete(id);
					}
				}
			});
		}
	}

	@Override
	default void discard(DocumentId id) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					delete(id);
				}
			});
		}
		else {
			delete(id);
		}
	}

}
