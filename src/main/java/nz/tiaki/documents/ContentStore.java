package nz.tiaki.documents;

/**
 * Where the sealed content of documents lives. Only sealed bytes ever reach a store: the
 * content is encrypted under the patient's key before it is kept and opened only after it
 * is fetched, so a store holds nothing readable. PostgreSQL, in the document's own row, is
 * the default; an S3-compatible object store is the option for large deployments.
 */
interface ContentStore {

	/**
	 * Keeps a document's sealed content, inside the transaction that writes its row: if
	 * that transaction does not commit, whatever was kept outside it is removed again.
	 * @param id the document
	 * @param sealed its sealed content
	 * @return the bytes to keep in the row itself, or {@code null} when they are kept elsewhere
	 * @throws StorageUnavailable when the store cannot take it; nothing was kept
	 */
	byte[] keep(DocumentId id, byte[] sealed);

	/**
	 * @param id the document
	 * @param inRow what its row holds ({@code null} when the content was kept elsewhere)
	 * @return its sealed content as a stream, read as it is asked for, to be closed by the reader
	 * @throws StorageUnavailable when the store cannot be read just now
	 */
	java.io.InputStream open(DocumentId id, byte[] inRow);

	/**
	 * Removes a document's content once the transaction that deleted its row has committed.
	 * @param id the document
	 */
	void discard(DocumentId id);

	/**
	 * @return the name recorded with each row kept by this store
	 */
	String name();

}
