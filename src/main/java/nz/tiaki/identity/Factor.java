package nz.tiaki.identity;

import java.time.Instant;

/**
 * A second factor as its owner sees it.
 *
 * @param ref an opaque reference to remove it by
 * @param kind authenticator app or passkey
 * @param label the owner's name for it
 * @param addedAt when it was added
 * @param lastUsedAt when it was last used, if known
 */
public record Factor(String ref, Kind kind, String label, Instant addedAt, Instant lastUsedAt) {

	/**
	 * Kinds of second factor.
	 */
	public enum Kind {

		/** An authenticator app (TOTP). */
		AUTHENTICATOR_APP,
		/** A passkey. */
		PASSKEY

	}

}
