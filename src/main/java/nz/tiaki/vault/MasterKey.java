package nz.tiaki.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

/**
 * The key-encryption key: a Tink AES-256-GCM keyset. It only ever wraps other keys. It is
 * kept in a file (mode 0600) or given by configuration; rotation adds a new primary key to
 * the file, and a node meeting a data key wrapped by a key it does not know reloads the
 * file once.
 */
final class MasterKey {

	private final Path file;

	private final boolean fromConfiguration;

	private volatile KeysetHandle keys;

	private volatile Aead aead;

	private volatile FileTime loadedVersion;

	private MasterKey(Path file, boolean fromConfiguration, KeysetHandle keys, FileTime version)
			throws GeneralSecurityException {
		this.file = file;
		this.fromConfiguration = fromConfiguration;
		use(keys, version);
	}

	static MasterKey load(VaultSettings settings, boolean mayCreate) {
		try {
			AeadConfig.register();
			if (settings.masterKey() != null && !settings.masterKey().isBlank()) {
				return new MasterKey(null, true,
						TinkJsonProtoKeysetFormat.parseKeyset(settings.masterKey(), InsecureSecretKeyAccess.get()),
						null);
			}
			Path file = settings.masterKeyFile();
			if (!Files.exists(file)) {
				if (!mayCreate) {
					throw new IllegalStateException("No master key: set tiaki.vault.master-key, or point "
							+ "tiaki.vault.master-key-file at an existing key file. The production profile never "
							+ "creates one.");
				}
				write(file, KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
			}
			return new MasterKey(file, false, read(file), Files.getLastModifiedTime(file));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The master key could not be loaded", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The master key file could not be read or written", ex);
		}
	}

	private void use(KeysetHandle keys, FileTime version) throws GeneralSecurityException {
		this.keys = keys;
		this.aead = keys.getPrimitive(RegistryConfiguration.get(), Aead.class);
		this.loadedVersion = version;
	}

	Aead aead() {
		return this.aead;
	}

	long primaryId() {
		return Integer.toUnsignedLong(this.keys.getPrimary().getId());
	}

	/**
	 * Reloads the key file if it changed since it was read (another process rotated it).
	 * @return whether anything new was loaded
	 */
	synchronized boolean reloadIfChanged() {
		if (this.fromConfiguration) {
			return false;
		}
		try {
			FileTime now = Files.getLastModifiedTime(this.file);
			if (now.equals(this.loadedVersion)) {
				return false;
			}
			use(read(this.file), now);
			return true;
		}
		catch (IOException | GeneralSecurityException ex) {
			return false;
		}
	}

	/**
	 * Adds a new primary key; earlier keys stay so that what they wrapped still opens.
	 * @return the new primary key's id
	 */
	synchronized long rotate() {
		if (this.fromConfiguration) {
			throw new IllegalStateException("A master key given by configuration is rotated in the secret store, "
					+ "not here.");
		}
		try {
			KeysetHandle rotated = KeysetHandle.newBuilder(this.keys)
				.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
					.withRandomId()
					.makePrimary())
				.build();
			write(this.file, rotated);
			use(rotated, Files.getLastModifiedTime(this.file));
			return primaryId();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The master key could not be rotated", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static KeysetHandle read(Path file) throws IOException, GeneralSecurityException {
		return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file, StandardCharsets.UTF_8),
				InsecureSecretKeyAccess.get());
	}

	private static void write(Path file, KeysetHandle keys) throws IOException, GeneralSecurityException {
		Path folder = file.toAbsolutePath().getParent();
		Files.createDirectories(folder);
		Path temporary = Files.createTempFile(folder, ".master-", ".tmp");
		try {
			Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// not a POSIX file system: the folder's protection must do
		}
		Files.writeString(temporary, TinkJsonProtoKeysetFormat.serializeKeyset(keys, InsecureSecretKeyAccess.get()),
				StandardCharsets.UTF_8);
		Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

}
