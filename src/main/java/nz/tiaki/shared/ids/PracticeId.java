package nz.tiaki.shared.ids;

import java.util.UUID;

/**
 * Identifies a practice.
 *
 * @param value the id
 */
public record PracticeId(UUID value) {

	@Override
	public String toString() {
		return this.value.toString();
	}

}
