package nz.tiaki.access;

/**
 * The session (or the whole account) is locked after unusual reading; it must sign in again, or be unlocked by the practice. Carries no personal data.
 */
public class SessionLocked extends RuntimeException {

	SessionLocked() {
		super("SessionLocked", null, false, false);
	}

}
