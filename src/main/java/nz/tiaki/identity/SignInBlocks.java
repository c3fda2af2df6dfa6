package nz.tiaki.identity;

/**
 * Implemented by the module that can lock an account for what it did: sign-in is refused
 * while it says so, whatever the password, code or passkey.
 */
public interface SignInBlocks {

	/**
	 * @param id an account
	 * @return whether it is locked
	 */
	boolean blocked(AccountId id);

	/**
	 * The account's holder redeemed a new invitation after a forced reset: the practice
	 * trusted them with new credentials, so locks on the account itself end.
	 * @param id the account
	 */
	default void credentialsRenewed(AccountId id) {
	}

}
