package nz.tiaki.vault;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
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
 * <p>
 * Document content is sealed in segments ({@link #sealContent}): a key of its own per
 * document (AES-256-GCM-HKDF streaming, 64 KB segments), wrapped by the patient's data key
 * and kept at the head of the sealed content, so destroying the patient's key destroys it
 * too. Each segment is authenticated on its own and the last is marked as last, so content
 * is opened as a stream ({@link #openContent}) without holding it whole, and a segment that
 * was changed, reordered or cut off still never opens.
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
			StreamingAeadConfig.register();
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
			broken(grant, patient, kind, recordId);
			throw new SealBroken("sealed value does not open");
		}
	}

	/** The first byte of content sealed in segments; a value sealed in one piece starts with Tink's 1. */
	static final int SEGMENTED = 2;

	/** The associated data of a segmented content's own key is its content's, with this after the kind. */
	private static final String CONTENT_KEY = "/key";

	private static final AesGcmHkdfStreamingParameters SEGMENTS = segments();

	private static AesGcmHkdfStreamingParameters segments() {
		try {
			return AesGcmHkdfStreamingParameters.builder()
				.setKeySizeBytes(32)
				.setDerivedAesGcmKeySizeBytes(32)
				.setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
				.setCiphertextSegmentSizeBytes(64 * 1024)
				.build();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Seals content of a patient's in segments, to be opened as a stream by
	 * {@link #openContent}.
	 * @param grant a grant for the patient
	 * @param kind what it is (for example {@code document})
	 * @param recordId the row or object it belongs to
	 * @param plaintext the content
	 * @return the sealed content, which opens only with the same patient, kind and record
	 * @throws IllegalArgumentException when the grant is not for this patient, or has expired
	 */
	public byte[] sealContent(Grant grant, String kind, UUID recordId, byte[] plaintext) {
		check(grant, grant.patient());
		try {
			return segmented(patientKey(grant.patient(), true), kind, grant.patient(), recordId, plaintext);
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new SealBroken("could not seal");
		}
	}

	/**
	 * Content sealed in segments under a fresh key of its own, that key wrapped by the
	 * patient's: {@value #SEGMENTED}, the wrapped key's length in two bytes, the wrapped key,
	 * then the segments.
	 */
	static byte[] segmented(Aead patientKey, String kind, PatientId patient, UUID recordId, byte[] plaintext)
			throws GeneralSecurityException, IOException {
		KeysetHandle contentKey = KeysetHandle.generateNew(SEGMENTS);
		byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(contentKey, patientKey,
				associated(kind + CONTENT_KEY, patient, recordId));
		StreamingAead segments = contentKey.getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
		ByteArrayOutputStream sealed = new ByteArrayOutputStream(plaintext.length + plaintext.length / 2048 + 512);
		sealed.write(SEGMENTED);
		sealed.write(wrapped.length >>> 8);
		sealed.write(wrapped.length & 0xff);
		sealed.write(wrapped);
		try (OutputStream sealing = segments.newEncryptingStream(sealed, associated(kind, patient, recordId))) {
			sealing.write(plaintext);
		}
		return sealed.toByteArray();
	}

	/**
	 * Opens content of a patient's as a stream, whether sealed in segments or in one piece
	 * (as content sealed before segments was). The first segment is opened before this
	 * returns, so content that was moved, or whose key is gone, is refused here, before
	 * anything is handed on; a segment further on that does not open makes reading fail with
	 * {@link SealBroken} at that point. Either is recorded in the audit log. The stream must
	 * be closed; it closes {@code sealed}.
	 * @param grant a grant for the patient
	 * @param patient whose content it is
	 * @param kind what it is
	 * @param recordId the row or object it belongs to
	 * @param sealed the sealed content, as the store gives it
	 * @return the plaintext, as a stream
	 * @throws IllegalArgumentException when the grant is not for this patient or expired
	 * @throws SealBroken when the content was altered, moved, or its key destroyed
	 * @throws UncheckedIOException when the sealed content could not be read
	 */
	public InputStream openContent(Grant grant, PatientId patient, String kind, UUID recordId, InputStream sealed) {
		check(grant, patient);
		Opened.Source source = new Opened.Source(sealed);
		Runnable broken = () -> broken(grant, patient, kind, recordId);
		try {
			int first = source.read();
			if (first != SEGMENTED) {
				byte[] rest = source.readAllBytes();
				source.close();
				byte[] whole = new byte[rest.length + (first < 0 ? 0 : 1)];
				if (first >= 0) {
					whole[0] = (byte) first;
					System.arraycopy(rest, 0, whole, 1, rest.length);
				}
				return new java.io.ByteArrayInputStream(open(grant, patient, kind, recordId, whole));
			}
			int length = (source.read() << 8) | source.read();
			byte[] wrapped = source.readNBytes(Math.max(length, 0));
			if (length < 0 || wrapped.length != length) {
				throw new GeneralSecurityException("cut short");
			}
			StreamingAead segments = contentKey(TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped,
					patientKey(patient, false), associated(kind + CONTENT_KEY, patient, recordId)));
			Opened opened = new Opened(segments.newDecryptingStream(source, associated(kind, patient, recordId)), source,
					broken);
			opened.openFirst();
			return opened;
		}
		catch (GeneralSecurityException ex) {
			close(source);
			broken.run();
			throw new SealBroken("sealed value does not open");
		}
		catch (IOException ex) {
			close(source);
			throw new UncheckedIOException("sealed content could not be read", ex);
		}
		catch (RuntimeException ex) {
			close(source);
			throw ex;
		}
	}

	/**
	 * The one key a document's keyset holds, as its own primitive. Through the keyset's
	 * primitive, which may have several keys to try, Tink reads the sealed bytes through a
	 * buffer that can be rewound to try the next, copying each segment once more than needed:
	 * about a tenth of a 1 MB download's time in the portal went on that copy.
	 */
	private static StreamingAead contentKey(KeysetHandle keyset) throws GeneralSecurityException {
		if (keyset.size() != 1 || !(keyset.getPrimary().getKey() instanceof AesGcmHkdfStreamingKey key)
				|| !key.getParameters().equals(SEGMENTS)) {
			throw new GeneralSecurityException("not a content key");
		}
		return AesGcmHkdfStreaming.create(key);
	}

	private static void close(InputStream stream) {
		try {
			stream.close();
		}
		catch (IOException ex) {
			// nothing more to read from it
		}
	}

	private void broken(Grant grant, PatientId patient, String kind, UUID recordId) {
		this.audit.recordAccess(new nz.tiaki.audit.AccessRecord(grant.subject().accountId(),
				grant.subject().kind().name(), grant.subject().id(), null, patient.value(), "OPEN_SEALED", "SYSTEM",
				false, "seal-broken:" + kind, recordId.toString(), false));
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
