package nz.tiaki.audit;

/**
 * A statement signed with the audit signing key (Ed25519, the key that signs checkpoints,
 * with the statement kept apart from checkpoints by a fixed prefix).
 *
 * @param text the statement, exactly as signed (UTF-8)
 * @param keyId which key signed it
 * @param signature the signature, Base64
 */
public record SignedStatement(String text, String keyId, String signature) {
}
