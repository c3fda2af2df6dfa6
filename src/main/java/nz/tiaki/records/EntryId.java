package nz.tiaki.records;

import java.util.UUID;

/**
 * Identifies a clinical entry; random, safe in a URL.
 *
 * @param value the id
 */
public record EntryId(UUID value) {

	@Override
	public String toString() {
		return this.value.toString();
	}

}
