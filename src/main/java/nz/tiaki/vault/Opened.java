package nz.tiaki.vault;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Content being opened segment by segment. A failure to read the sealed bytes is passed on
 * as the {@link IOException} it is; a segment that does not open is recorded (once) and
 * becomes a {@link SealBroken}, and nothing more is read after it.
 */
final class Opened extends InputStream {

	private final InputStream plain;

	private final Source source;

	private final Runnable broken;

	private byte[] first;

	private int firstAt;

	private int firstEnd;

	private boolean failed;

	Opened(InputStream plain, Source source, Runnable broken) {
		this.plain = plain;
		this.source = source;
		this.broken = broken;
	}

	/**
	 * Opens the first segment now, holding what it gave until it is read.
	 * @throws SealBroken when it does not open
	 * @throws IOException when the sealed bytes could not be read
	 */
	void openFirst() throws IOException {
		byte[] buffer = new byte[8192];
		int read = guarded(() -> this.plain.read(buffer, 0, buffer.length));
		this.first = buffer;
		this.firstEnd = Math.max(read, 0);
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		int read = read(one, 0, 1);
		return read < 0 ? -1 : one[0] & 0xff;
	}

	@Override
	public int read(byte[] into, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		if (this.first != null) {
			if (this.firstAt < this.firstEnd) {
				int n = Math.min(length, this.firstEnd - this.firstAt);
				System.arraycopy(this.first, this.firstAt, into, offset, n);
				this.firstAt += n;
				return n;
			}
			this.first = null;
		}
		return guarded(() -> this.plain.read(into, offset, length));
	}

	@Override
	public void close() throws IOException {
		try {
			this.plain.close();
		}
		finally {
			this.source.close();
		}
	}

	private int guarded(Read read) throws IOException {
		if (this.failed) {
			throw new SealBroken("sealed value does not open");
		}
		try {
			return read.read();
		}
		catch (IOException ex) {
			if (this.source.failed) {
				throw ex;
			}
			this.failed = true;
			this.broken.run();
			throw new SealBroken("sealed value does not open");
		}
	}

	@FunctionalInterface
	private interface Read {

		int read() throws IOException;

	}

	@Override
	public String toString() {
		return "Opened[content]";
	}

	/** The sealed bytes as the store gives them, noting whether reading them ever failed. */
	static final class Source extends FilterInputStream {

		private boolean failed;

		Source(InputStream sealed) {
			super(sealed);
		}

		@Override
		public int read() throws IOException {
			try {
				return super.read();
			}
			catch (IOException ex) {
				this.failed = true;
				throw ex;
			}
		}

		@Override
		public int read(byte[] into, int offset, int length) throws IOException {
			try {
				return this.in.read(into, offset, length);
			}
			catch (IOException ex) {
				this.failed = true;
				throw ex;
			}
		}

		@Override
		public long skip(long n) throws IOException {
			try {
				return super.skip(n);
			}
			catch (IOException ex) {
				this.failed = true;
				throw ex;
			}
		}

	}

}
