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

}
