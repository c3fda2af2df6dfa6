package nz.tiaki.identity;

import java.time.Instant;

/**
 * A freshly issued invitation. The code is shown once, to be printed or sent, and is never
 * stored in a readable form.
 *
 * @param code the single-use code, in groups for reading aloud
 * @param email the address the account will sign in with
 * @param expiresAt when the code stops working
 */
public record IssuedInvitation(String code, String email, Instant expiresAt) {

	@Override
	public String toString() {
		return "IssuedInvitation[expiresAt=" + this.expiresAt + "]";
	}

}
