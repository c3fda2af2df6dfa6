package nz.tiaki.shared.ids;

import java.util.UUID;

/**
 * Identifies a patient in Tiaki; random, safe to show in a URL or a log.
 *
 * @param value the id
 */
public record PatientId(UUID value) {

	/**
	 * @param text an id in its usual text form
	 * @return the id
	 * @throws IllegalArgumentException when the text is not an id
	 */
	public static PatientId parse(String text) {
		return new PatientId(UUID.fromString(text));
	}

	/**
	 * @return a new random id
	 */
	public static PatientId random() {
		return new PatientId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
