package nz.tiaki.shared.web;

/**
 * The portal's content security policy: everything from this origin only, no inline
 * script or style, never framed.
 */
public final class ContentSecurityPolicy {

	/** The policy of every page. */
	public static final String STRICT = withFormActions("");

	private ContentSecurityPolicy() {
	}

	/**
	 * @param extraFormActions further sources a form on the page may lead to (its
	 * submission may redirect there), space separated, or empty
	 * @return the policy
	 */
	public static String withFormActions(String extraFormActions) {
		String extra = extraFormActions == null || extraFormActions.isBlank() ? "" : " " + extraFormActions.strip();
		return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
				+ "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'" + extra
				+ "; frame-ancestors 'none'";
	}

}
