package nz.tiaki.documents;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import nz.tiaki.access.Grant;
import nz.tiaki.vault.GeneratedKeys;
import nz.tiaki.vault.Vault;

/**
 * A generated document's sealed title, file name and content, made as {@link Documents}
 * makes them, for bulk writing. The content must already be what the upload checks would
 * have kept (a clean PDF, or a re-encoded image).
 */
public final class GeneratedDocuments {

	private final Vault vault;

	public GeneratedDocuments(Vault vault) {
		this.vault = vault;
	}

	/** @return a stored document's content opened again */
	public byte[] open(Grant grant, UUID documentId, byte[] sealed) {
		return Download.whole(this.vault.openContent(grant, grant.patient(), Documents.CONTENT, documentId,
				new java.io.ByteArrayInputStream(sealed)));
	}

	/**
	 * @return sealed title, sealed file name, sealed content
	 */
	public static byte[][] sealed(GeneratedKeys.Sealer sealer, UUID documentId, String title, String filename,
			byte[] content) {
		return new byte[][] { sealer.seal(Documents.TITLE, documentId, title.getBytes(StandardCharsets.UTF_8)),
				sealer.seal(Documents.FILENAME, documentId, filename.getBytes(StandardCharsets.UTF_8)),
				sealer.sealContent(Documents.CONTENT, documentId, content) };
	}

}
