package nz.tiaki.audit;

/**
 * A signed checkpoint as exported off-system, to be compared with the chain later.
 *
 * @param seq the chain position
 * @param hash the chain hash there, in hex
 * @param signature the Ed25519 signature of position and hash, in hex
 * @param keyId the signing key's id
 */
public record ExportedCheckpoint(long seq, String hash, String signature, String keyId) {
}
