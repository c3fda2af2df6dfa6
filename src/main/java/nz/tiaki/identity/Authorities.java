package nz.tiaki.identity;

/**
 * The authority names identity grants. Roles from {@link AccountAuthorities} are added only
 * with {@link #SIGNED_IN}.
 */
public final class Authorities {

	/** The password passed; only the second-factor and enrolment pages are open. */
	public static final String PASSWORD_VERIFIED = "PASSWORD_VERIFIED";

	/** Both factors passed. */
	public static final String SIGNED_IN = "SIGNED_IN";

	private Authorities() {
	}

}
