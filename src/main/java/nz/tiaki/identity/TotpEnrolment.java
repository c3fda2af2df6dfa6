package nz.tiaki.identity;

import java.io.Serializable;

/**
 * An authenticator-app secret offered to a person and not yet confirmed. It lives only in
 * their session until they type a code from it.
 *
 * @param secret the shared secret
 * @param manualKey the secret in base32, for typing into an app
 * @param uri the otpauth URI a QR code carries
 */
public record TotpEnrolment(byte[] secret, String manualKey, String uri) implements Serializable {

	@Override
	public String toString() {
		return "TotpEnrolment[]";
	}

}
