package nz.tiaki.documents;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A document's content, ready to send: opened as it is read, a segment at a time, so a
 * large document is never held whole. Must be closed (sending it closes it).
 *
 * @param filename a safe file name for the download
 * @param mediaType its type
 * @param length how many bytes it is (PDFs stamped with who downloaded them and when)
 * @param content the bytes, as a stream
 */
public record Download(String filename, String mediaType, long length, InputStream content) implements Closeable {

	private static final int CHUNK = 64 * 1024;

	/** Content already whole (a stamped PDF). */
	static Download of(String filename, String mediaType, byte[] content) {
		return new Download(filename, mediaType, content.length, new ByteArrayInputStream(content));
	}

	/**
	 * Sends the content, then closes it.
	 * @param out where to
	 * @throws IOException when the content could not be read or sent, or turned out another
	 * length than {@link #length()}: the receiver must be told the transfer failed
	 * @throws nz.tiaki.vault.SealBroken when a part of the content does not open
	 */
	public void sendTo(OutputStream out) throws IOException {
		try (InputStream in = this.content) {
			byte[] chunk = new byte[CHUNK];
			long sent = 0;
			int read;
			while ((read = in.readNBytes(chunk, 0, CHUNK)) > 0) {
				sent += read;
				if (sent > this.length) {
					throw new IOException("The content was longer than recorded");
				}
				out.write(chunk, 0, read);
			}
			if (sent != this.length) {
				throw new IOException("The content was not as long as recorded");
			}
		}
	}

	/**
	 * @return the content whole, for where it is needed at once (a FHIR Binary); closes it
	 * @throws nz.tiaki.vault.SealBroken when a part of the content does not open
	 * @throws DocumentsUnavailable when the store could not be read part-way
	 */
	public byte[] readAll() {
		return whole(this.content);
	}

	/** Reads content whole and closes it; a store that fails part-way is "unavailable". */
	static byte[] whole(InputStream content) {
		try (InputStream in = content) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new StorageUnavailable();
		}
	}

	@Override
	public void close() {
		try {
			this.content.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public String toString() {
		return "Download[" + this.mediaType + ", " + this.length + " bytes]";
	}

}
