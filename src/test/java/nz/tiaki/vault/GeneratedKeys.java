package nz.tiaki.vault;

import java.security.GeneralSecurityException;
import java.util.UUID;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import nz.tiaki.shared.ids.PatientId;

/**
 * New patients' data keys for the population generator, which writes them in bulk (COPY)
 * rather than one insert each: a fresh AES-256-GCM keyset wrapped by the master key exactly
 * as the vault wraps it, and a sealer that seals as {@link Vault#seal} and
 * {@link Vault#sealContent} do (same associated data), so the portal opens everything it
 * writes.
 */
public final class GeneratedKeys {

	private final Vault vault;

	public GeneratedKeys(Vault vault) {
		this.vault = vault;
	}

	/** Seals one value of the key's patient. */
	public interface Sealer {

		byte[] seal(String kind, UUID recordId, byte[] plaintext);

		/** Seals content in segments, as {@link Vault#sealContent} does. */
		byte[] sealContent(String kind, UUID recordId, byte[] plaintext);

	}

	/**
	 * A new data key.
	 *
	 * @param wrapped the keyset wrapped by the master key, for {@code vault_key.wrapped}
	 * @param masterKeyId for {@code vault_key.master_key_id}
	 * @param sealer seals the patient's values under it
	 */
	public record NewKey(String wrapped, long masterKeyId, Sealer sealer) {
	}

	public NewKey forPatient(PatientId patient) {
		try {
			KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
			Aead aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
			Sealer sealer = new Sealer() {

				@Override
				public byte[] seal(String kind, UUID recordId, byte[] plaintext) {
					try {
						return aead.encrypt(plaintext, Vault.associated(kind, patient, recordId));
					}
					catch (GeneralSecurityException ex) {
						throw new IllegalStateException(ex);
					}
				}

				@Override
				public byte[] sealContent(String kind, UUID recordId, byte[] plaintext) {
					try {
						return Vault.segmented(aead, kind, patient, recordId, plaintext);
					}
					catch (GeneralSecurityException | java.io.IOException ex) {
						throw new IllegalStateException(ex);
					}
				}

			};
			return new NewKey(this.vault.wrap(handle, Vault.PATIENT, patient.value()), this.vault.primaryMasterKeyId(),
					sealer);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
