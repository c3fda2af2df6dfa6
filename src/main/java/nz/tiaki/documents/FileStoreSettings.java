package nz.tiaki.documents;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * A directory for documents' sealed content: a disk of the node's own, or a volume every node
 * mounts when there are several. Unset, content stays in PostgreSQL.
 *
 * @param directory where the sealed files go; made, readable by the portal's user alone, if it
 * does not exist
 */
@ConfigurationProperties("tiaki.documents.file-store")
public record FileStoreSettings(Path directory) {

	/** Set, and not to an empty value (which would otherwise name the working directory). */
	boolean enabled() {
		return this.directory != null && !this.directory.toString().isBlank();
	}

}
