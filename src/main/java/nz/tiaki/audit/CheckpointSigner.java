package nz.tiaki.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.google.crypto.tink.signature.SignatureConfig;

/**
 * Signs audit checkpoints with Ed25519. The keyset lives in a file created on first run
 * (mode 0600); the public half is written beside it so checkpoints can be verified
 * off-system.
 */
final class CheckpointSigner {

	private final PublicKeySign signer;

	private final PublicKeyVerify verifier;

	private final String keyId;

	private CheckpointSigner(KeysetHandle keys) throws GeneralSecurityException {
		this.signer = keys.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
		this.verifier = keys.getPublicKeysetHandle().getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class);
		this.keyId = Integer.toUnsignedString(keys.getPrimary().getId());
	}

	static CheckpointSigner load(Path file) {
		try {
			SignatureConfig.register();
			KeysetHandle keys;
			if (Files.exists(file)) {
				keys = TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file, StandardCharsets.UTF_8),
						InsecureSecretKeyAccess.get());
			}
			else {
				keys = KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
				writePrivately(file, TinkJsonProtoKeysetFormat.serializeKeyset(keys, InsecureSecretKeyAccess.get()));
				Files.writeString(file.resolveSibling(file.getFileName() + ".pub"),
						TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(keys.getPublicKeysetHandle()),
						StandardCharsets.UTF_8);
			}
			return new CheckpointSigner(keys);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The audit signing key could not be loaded", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The audit signing key could not be read or written", ex);
		}
	}

	static void writePrivately(Path file, String content) throws IOException {
		Path folder = file.toAbsolutePath().getParent();
		Files.createDirectories(folder);
		Path temporary = Files.createTempFile(folder, ".key-", ".tmp");
		try {
			Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// not a POSIX file system; the directory's protection must do
		}
		Files.writeString(temporary, content, StandardCharsets.UTF_8);
		Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
	}

	byte[] sign(long seq, byte[] hash) {
		try {
			return this.signer.sign(EventCodec.checkpointMessage(seq, hash));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Checkpoint could not be signed", ex);
		}
	}

	boolean verify(long seq, byte[] hash, byte[] signature) {
		try {
			this.verifier.verify(signature, EventCodec.checkpointMessage(seq, hash));
			return true;
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	/** Keeps a statement's signature from ever passing for a checkpoint's, and back. */
	private static final byte[] STATEMENT = "tiaki-signed-statement-v1\n".getBytes(StandardCharsets.US_ASCII);

	byte[] signStatement(byte[] statement) {
		try {
			return this.signer.sign(statementMessage(statement));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Statement could not be signed", ex);
		}
	}

	boolean verifyStatement(byte[] statement, byte[] signature) {
		try {
			this.verifier.verify(signature, statementMessage(statement));
			return true;
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	private static byte[] statementMessage(byte[] statement) {
		byte[] message = new byte[STATEMENT.length + statement.length];
		System.arraycopy(STATEMENT, 0, message, 0, STATEMENT.length);
		System.arraycopy(statement, 0, message, STATEMENT.length, statement.length);
		return message;
	}

	String keyId() {
		return this.keyId;
	}

}
