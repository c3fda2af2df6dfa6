package nz.tiaki.documents;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sealed document content as files in a directory, one per document, named by the
 * document's id alone and spread over 256 subdirectories by its first two hex digits. A file
 * is written in full under a temporary name, forced to disk, then renamed into place (and
 * the rename forced too), so a reader never sees half a file; one written for a row that is
 * then not committed is deleted again; one whose row was deleted goes once that deletion
 * commits. Files and directories are the portal's user's alone.
 */
final class FileContentStore implements ContentElsewhere {

	static final String NAME = "file-store";

	private static final Logger log = LoggerFactory.getLogger(FileContentStore.class);

	private static final String PART = ".part";

	private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

	private final Path root;

	private final boolean posix;

	FileContentStore(FileStoreSettings settings) {
		this.root = settings.directory().toAbsolutePath().normalize();
		this.posix = this.root.getFileSystem().supportedFileAttributeViews().contains("posix");
		try {
			createDirectories(this.root);
		}
		catch (IOException ex) {
			throw new IllegalStateException("tiaki.documents.file-store.directory cannot be made: " + this.root, ex);
		}
		if (!Files.isDirectory(this.root) || !Files.isWritable(this.root)) {
			throw new IllegalStateException(
					"tiaki.documents.file-store.directory is not a directory the portal can write: " + this.root);
		}
	}

	@Override
	public byte[] keep(DocumentId id, byte[] sealed) {
		Path target = pathOf(id);
		Path part = target.resolveSibling(target.getFileName() + PART);
		try {
			createDirectories(target.getParent());
			try (FileChannel channel = FileChannel.open(part, Set.of(StandardOpenOption.CREATE_NEW,
					StandardOpenOption.WRITE), ownerOnly(OWNER_FILE))) {
				ByteBuffer buffer = ByteBuffer.wrap(sealed);
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				channel.force(true);
			}
			Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
			force(target.getParent());
		}
		catch (IOException ex) {
			log.warn("A document's content could not be written to the file store: {}", ex.getClass().getSimpleName());
			delete(id);
			throw new StorageUnavailable();
		}
		deleteUnlessCommitted(id);
		return null;
	}

	/** The file itself, read as it is asked for. */
	@Override
	public java.io.InputStream stream(DocumentId id) {
		try {
			return Files.newInputStream(pathOf(id));
		}
		catch (NoSuchFileException ex) {
			log.warn("Document {} has no content file in the file store", id);
			throw new StorageUnavailable();
		}
		catch (IOException ex) {
			log.warn("The file store could not be read: {}", ex.getClass().getSimpleName());
			throw new StorageUnavailable();
		}
	}

	@Override
	public String name() {
		return NAME;
	}

	/** Every file named after a document, in full or (left by a node that stopped while writing) in part. */
	@Override
	public void list(Consumer<Stored> each) {
		try (DirectoryStream<Path> spreads = Files.newDirectoryStream(this.root, Files::isDirectory)) {
			for (Path spread : spreads) {
				try (DirectoryStream<Path> files = Files.newDirectoryStream(spread)) {
					for (Path file : files) {
						String name = file.getFileName().toString();
						String id = name.endsWith(PART) ? name.substring(0, name.length() - PART.length()) : name;
						try {
							DocumentId document = new DocumentId(UUID.fromString(id));
							if (document.value().toString().equals(id) && spread.equals(pathOf(document).getParent())) {
								each.accept(new Stored(document, Files.getLastModifiedTime(file).toInstant()));
							}
						}
						catch (IllegalArgumentException | NoSuchFileException ex) {
							// not one of ours, or gone since the listing
						}
					}
				}
			}
		}
		catch (IOException ex) {
			log.warn("The file store could not be listed: {}", ex.getClass().getSimpleName());
			throw new StorageUnavailable();
		}
	}

	@Override
	public void delete(DocumentId id) {
		Path target = pathOf(id);
		try {
			Files.deleteIfExists(target);
			Files.deleteIfExists(target.resolveSibling(target.getFileName() + PART));
		}
		catch (IOException ex) {
			log.warn("The file store did not delete document {} ({}); its sealed content is left over", id,
					ex.getClass().getSimpleName());
		}
	}

	/** The document's file: the id is a UUID, so the path cannot leave the directory. */
	Path pathOf(DocumentId id) {
		String name = id.value().toString();
		return this.root.resolve(name.substring(0, 2)).resolve(name);
	}

	private void createDirectories(Path directory) throws IOException {
		if (Files.isDirectory(directory)) {
			return;
		}
		try {
			Files.createDirectories(directory, ownerOnly(OWNER_DIRECTORY));
		}
		catch (FileAlreadyExistsException ex) {
			// made by another upload at the same time
		}
	}

	private FileAttribute<?>[] ownerOnly(Set<PosixFilePermission> permissions) {
		return this.posix ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(permissions) }
				: new FileAttribute<?>[0];
	}

	/** Forces a directory's entries to disk, so a rename survives a crash (where the platform allows). */
	private static void force(Path directory) {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// not every platform opens a directory; the file itself is already on disk
		}
	}

	@Override
	public String toString() {
		return "FileContentStore[" + this.root + "]";
	}

}
