package nz.tiaki.documents;

/**
 * A document's content, ready to send.
 *
 * @param filename a safe file name for the download
 * @param mediaType its type
 * @param content the bytes (PDFs stamped with who downloaded them and when)
 */
public record Download(String filename, String mediaType, byte[] content) {

	@Override
	public String toString() {
		return "Download[" + this.mediaType + ", " + this.content.length + " bytes]";
	}

}
