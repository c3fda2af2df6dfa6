package nz.tiaki.identity;

/**
 * The account behind the current request, after both factors.
 *
 * @param id the account
 * @param username the sign-in name (an e-mail address)
 * @param holder whom the account belongs to
 */
public record SignedInAccount(AccountId id, String username, AccountHolder holder) {

	@Override
	public String toString() {
		return "SignedInAccount[" + this.id + "]";
	}

}
