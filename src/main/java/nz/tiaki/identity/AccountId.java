package nz.tiaki.identity;

import java.util.UUID;

/**
 * Identifies an account; random, safe to show in a URL or a log.
 *
 * @param value the id
 */
public record AccountId(UUID value) {

	/**
	 * @param text an id in its usual text form
	 * @return the id
	 * @throws IllegalArgumentException when the text is not an id
	 */
	public static AccountId parse(String text) {
		return new AccountId(UUID.fromString(text));
	}

	/**
	 * @return a new random id
	 */
	public static AccountId random() {
		return new AccountId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
