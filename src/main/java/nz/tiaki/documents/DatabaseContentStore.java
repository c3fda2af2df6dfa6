package nz.tiaki.documents;

/**
 * The default: sealed content in the document's own row, written by the same statement as
 * the rest of it and deleted with it.
 */
final class DatabaseContentStore implements ContentStore {

	static final String NAME = "database";

	@Override
	public byte[] keep(DocumentId id, byte[] sealed) {
		return sealed;
	}

	@Override
	public java.io.InputStream open(DocumentId id, byte[] inRow) {
		if (inRow == null) {
			throw new StorageUnavailable();
		}
		return new java.io.ByteArrayInputStream(inRow);
	}

	@Override
	public void discard(DocumentId id) {
		// gone with the row
	}

	@Override
	public String name() {
		return NAME;
	}

}
