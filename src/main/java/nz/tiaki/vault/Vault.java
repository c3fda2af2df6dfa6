package nz.tiaki.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import nz.tiaki.access.Action;
import nz.tiaki.access.Grant;
import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;
import nz.tiaki.shared.ids.PatientId;

import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Seals and opens patient data. Each patient has a data key (AES-256-GCM), stored wrapped
 * by the master key; every ciphertext is bound by associated data to its patient, kind and
 * record, so a ciphertext copied to another row or patient does not open. Opening or
 * sealing a patient's data needs a {@link Grant} for that patient, which only the access
 * gate issues. Unwrapped keys are cached, bounded and briefly.
 */
public class Vault {

	static final String PATIENT = "PATIENT";

	static final String SYSTEM = "SYSTEM";

	static final UUID IDENTITY_KEY = UUID.fromString("00000000-0000-0000-0000-00000000000a");

	static final UUID INDEX_KEY = UUID.fromString("00000000-0000-0000-0000-00000000000b");

	private final KeyStore keys;

	private final MasterKey master;

	private final AuditTrail audit;

	private final Clock clock;

	private final Cache<UUID, Aead> patientKeys;

	private volatile Aead identityKey;

	private volatile Mac indexKey;

	static {
		try {
			AeadConfig.register();
			MacConfig.register();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	Vault(KeyStore keys, MasterKey master, AuditTrail audit, Clock clock, VaultSettings settings) {
		this.keys = keys;
		this.master = master;
		this.audit = audit;
		this.clock = clock;
		this.patientKeys = Caffeine.newBuilder()
			.maximumSize(settings.cacheSize())
			.expireAfterAccess(settings.cacheTtl())
			.build();
	}

	/**
	 * Seals a value of a patient's.
	 * @param grant a grant for the patient
	 * @param kind what the value is (for example {@code record} or {@code document})
	 * @param recordId the row or object it belongs to
	 * @param plaintext the value
	 * @return the sealed value, which opens only with the same patient, kind and record
	 * @throws IllegalArgumentException when the grant is not for this patient, or has expired
	 */
	public byte[] seal(Grant grant, String kind, UUID recordId, byte[] plaintext) {
		check(grant, grant.patient());
		try {
			return patientKey(grant.patient(), true).encrypt(plaintext, associated(kind, grant.patient(), recordId));
		}
		catch (GeneralSecurityException ex) {
			throw new SealBroken("could not seal");
		}
	}

	/**
	 * Opens a value of a patient's.
	 * @param grant a grant for the patient
	 * @param patient whose value it is
	 * @param kind what the value is
	 * @param recordId the row or object it belongs to
	 * @param sealed the sealed value
	 * @return the plaintext
	 * @throws IllegalArgumentException when the grant is not for this patient or expired
	 * @throws SealBroken when the value was altered, moved, or its key destroyed
	 */
	public byte[] open(Grant grant, PatientId patient, String kind, UUID recordId, byte[] sealed) {
		check(grant, patient);
		try {
			return patientKey(patient, false).decrypt(sealed, associated(kind, patient, recordId));
		}
		catch (GeneralSecurityException ex) {
			this.audit.recordAccess(new nz.tiaki.audit.AccessRecord(grant.subject().accountId(),
					grant.subject().kind().name(), grant.subject().id(), null, patient.value(), "OPEN_SEALED", "SYSTEM",
					false, "seal-broken:" + kind, recordId.toString(), false));
			throw new SealBroken("sealed value does not open");
		}
	}

	private void check(Grant grant, PatientId patient) {
		if (grant == null || !grant.opens(patient, this.clock.instant())) {
			throw new IllegalArgumentException("No valid grant for this patient");
		}
	}

	/**
	 * Seals identity data held for an account rather than a patient record (a sign-in
	 * name, an authenticator secret), bound to its owner.
	 * @param kind what it is
	 * @param ownerId the account or row it belongs to
	 * @param plaintext the value
	 * @return the sealed value
	 */
	public byte[] sealIdentity(String kind, UUID ownerId, byte[] plaintext) {
		try {
			return identityKey().encrypt(plaintext, associated(kind, null, ownerId));
		}
		catch (GeneralSecurityException ex) {
			throw new SealBroken("could not seal");
		}
	}

	/**
	 * @param kind what it is
	 * @param ownerId the account or row it belongs to
	 * @param sealed a value from {@link #sealIdentity}
	 * @return the plaintext
	 * @throws SealBroken when it was altered or moved
	 */
	public byte[] openIdentity(String kind, UUID ownerId, byte[] sealed) {
		try {
			return identityKey().decrypt(sealed, associated(kind, null, ownerId));
		}
		catch (GeneralSecurityException ex) {
			throw new SealBroken("sealed value does not open");
		}
	}

	/**
	 * A blind index: a keyed hash for finding rows by exact value without storing the
	 * value. Normalise before calling.
	 * @param purpose what is indexed (for example {@code nhi}); different purposes never
	 * collide
	 * @param value the normalised value
	 * @return the index bytes
	 */
	public byte[] index(String purpose, String value) {
		try {
			return indexKey().computeMac((purpose + "\u0000" + value).getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Index could not be computed", ex);
		}
	}

	/**
	 * @param purpose what is indexed
	 * @param value the normalised value
	 * @return the index as hex, for keys in text columns
	 */
	public String indexText(String purpose, String value) {
		return HexFormat.of().formatHex(index(purpose, value));
	}

	/**
	 * Destroys a patient's data key: everything sealed for them can never be opened again.
	 * Recorded in the audit log.
	 * @param grant a grant for the patient that permits {@link Action#SHRED}
	 * @return whether a key was destroyed (false if there was none, or it already was)
	 */
	@Transactional(propagation = Propagation.REQUIRED)
	public boolean shred(Grant grant) {
		check(grant, grant.patient());
		if (!grant.permits(Action.SHRED)) {
			throw new IllegalArgumentException("The grant does not permit destroying keys");
		}
		boolean destroyed = this.keys.destroy(PATIENT, grant.patient().value(), this.clock.instant());
		this.patientKeys.invalidate(grant.patient().value());
		this.audit.record(SecurityEventType.KEY_DESTROYED, grant.subject().accountId(),
				"patient-key:" + grant.patient());
		return destroyed;
	}

	/**
	 * Adds a new master key and re-wraps every data key with it, in batches, while the
	 * portal keeps serving. Recorded in the audit log.
	 * @return how many keys were re-wrapped
	 */
	public int rotateMasterKey() {
		long primary = this.master.rotate();
		int total = 0;
		while (true) {
			var batch = this.keys.wrappedOtherThan(primary, 500);
			if (batch.isEmpty()) {
				break;
			}
			for (KeyStore.Row row : batch) {
				try {
					KeysetHandle handle = unwrap(row);
					if (this.keys.rewrap(row, wrap(handle, row.ownerKind(), row.ownerId()), primary)) {
						total++;
					}
				}
				catch (GeneralSecurityException ex) {
					throw new SealBroken("a data key could not be re-wrapped");
				}
			}
		}
		this.audit.record(SecurityEventType.MASTER_KEY_ROTATED, null, "rewrapped:" + total);
		return total;
	}

	private Aead patientKey(PatientId patient, boolean create) throws GeneralSecurityException {
		Aead cached = this.patientKeys.getIfPresent(patient.value());
		if (cached != null) {
			return cached;
		}
		Aead aead = keyset(PATIENT, patient.value(), create, PredefinedAeadParameters.AES256_GCM)
			.getPrimitive(RegistryConfiguration.get(), Aead.class);
		this.patientKeys.put(patient.value(), aead);
		return aead;
	}

	private Aead identityKey() throws GeneralSecurityException {
		Aead key = this.identityKey;
		if (key == null) {
			key = keyset(SYSTEM, IDENTITY_KEY, true, PredefinedAeadParameters.AES256_GCM)
				.getPrimitive(RegistryConfiguration.get(), Aead.class);
			this.identityKey = key;
		}
		return key;
	}

	private Mac indexKey() throws GeneralSecurityException {
		Mac key = this.indexKey;
		if (key == null) {
			key = keyset(SYSTEM, INDEX_KEY, true, PredefinedMacParameters.HMAC_SHA256_256BITTAG)
				.getPrimitive(RegistryConfiguration.get(), Mac.class);
			this.indexKey = key;
		}
		return key;
	}

	private KeysetHandle keyset(String ownerKind, UUID ownerId, boolean create, com.google.crypto.tink.Parameters kind)
			throws GeneralSecurityException {
		var row = this.keys.find(ownerKind, ownerId);
		if (row.isEmpty()) {
			if (!create) {
				throw new GeneralSecurityException("no key");
			}
			KeysetHandle fresh = KeysetHandle.generateNew(kind);
			this.keys.insertIfAbsent(ownerKind, ownerId, wrap(fresh, ownerKind, ownerId), this.master.primaryId(),
					this.clock.instant());
			row = this.keys.find(ownerKind, ownerId);
		}
		if (row.isEmpty() || row.get().destroyed()) {
			throw new GeneralSecurityException("key destroyed");
		}
		return unwrap(row.get());
	}

	private KeysetHandle unwrap(KeyStore.Row row) throws GeneralSecurityException {
		byte[] associated = owner(row.ownerKind(), row.ownerId());
		try {
			return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(row.wrapped(), this.master.aead(), associated);
		}
		catch (GeneralSecurityException ex) {
			if (this.master.reloadIfChanged()) {
				return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(row.wrapped(), this.master.aead(), associated);
			}
			throw ex;
		}
	}

	/** @return the id of the master key new data keys are wrapped with */
	long primaryMasterKeyId() {
		return this.master.primaryId();
	}

	/** Wraps a data keyset with the master key, bound to its owner. */
	String wrap(KeysetHandle handle, String ownerKind, UUID ownerId) throws GeneralSecurityException {
		return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(handle, this.master.aead(), owner(ownerKind, ownerId));
	}

	private static byte[] owner(String ownerKind, UUID ownerId) {
		return ("tiaki/key/" + ownerKind + "/" + ownerId).getBytes(StandardCharsets.UTF_8);
	}

	static byte[] associated(String kind, PatientId patient, UUID recordId) {
		return ("tiaki/v1/" + kind + "/" + (patient == null ? "-" : patient.value()) + "/" + recordId)
			.getBytes(StandardCharsets.UTF_8);
	}

}
