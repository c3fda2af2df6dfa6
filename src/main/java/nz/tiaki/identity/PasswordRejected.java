package nz.tiaki.identity;

/**
 * A new password was refused; the message says why in plain words and never repeats the
 * password.
 */
public class PasswordRejected extends RuntimeException {

	PasswordRejected(String reason) {
		super(reason, null, false, false);
	}

}
