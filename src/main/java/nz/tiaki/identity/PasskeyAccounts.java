package nz.tiaki.identity;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Answers the passkey sign-in's question "who is this credential's user, and may they sign
 * in?". A disabled or locked account is refused even with a valid passkey. Not a bean: only
 * the passkey filter uses it, so no password sign-in can be built on it.
 */
class PasskeyAccounts implements UserDetailsService {

	private final AccountStore accounts;

	private final AccountSessions sessions;

	private final SignInGuard guard;

	private final java.util.List<SignInBlocks> blocks;

	PasskeyAccounts(AccountStore accounts, AccountSessions sessions, SignInGuard guard,
			java.util.List<SignInBlocks> blocks) {
		this.blocks = blocks;
		this.accounts = accounts;
		this.sessions = sessions;
		this.guard = guard;
	}

	@Override
	public UserDetails loadUserByUsername(String name) {
		AccountId id;
		try {
			id = AccountId.parse(name);
		}
		catch (IllegalArgumentException ex) {
			throw new UsernameNotFoundException("Unknown passkey user");
		}
		AccountStore.Account account = this.accounts.byId(id)
			.filter(AccountStore.Account::enabled)
			.orElseThrow(() -> new UsernameNotFoundException("Unknown passkey user"));
		if (this.guard.checkAccountOnly(this.guard.accountKey(account.username())).outcome() == Throttle.Outcome.LOCKED
				|| this.blocks.stream().anyMatch(block -> block.blocked(id))) {
			throw new UsernameNotFoundException("Account locked");
		}
		return User.withUsername(name).password("").authorities(this.sessions.authoritiesOf(account.holder())).build();
	}

}
