package nz.tiaki.documents;

import java.util.UUID;

/**
 * Identifies a document; random, safe in a URL.
 *
 * @param value the id
 */
public record DocumentId(UUID value) {

	@Override
	public String toString() {
		return this.value.toString();
	}

}
