package nz.tiaki.identity;

/**
 * Published when every session of an account has been ended (a password change, a factor
 * removed, a lock, an incident): whatever else acts for the account — connected apps — must
 * stop too.
 *
 * @param account the account
 * @param reason why, for the audit
 */
public record SessionsEnded(AccountId account, String reason) {
}
