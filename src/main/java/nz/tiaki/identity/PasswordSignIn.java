package nz.tiaki.identity;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * The first step of sign-in. A correct password grants only {@link Authorities#PASSWORD_VERIFIED}:
 * enough to reach the second-factor and enrolment pages, nothing else. Known and unknown
 * names get the same answer after the same work, and both are throttled alike.
 */
@Component
class PasswordSignIn implements AuthenticationProvider {

	private final AccountStore accounts;

	private final Passwords passwords;

	private final SignInGuard guard;

	private final AuditTrail audit;

	private final org.springframework.beans.factory.ObjectProvider<SignInBlocks> blocks;

	PasswordSignIn(AccountStore accounts, Passwords passwords, SignInGuard guard, AuditTrail audit,
			org.springframework.beans.factory.ObjectProvider<SignInBlocks> blocks) {
		this.blocks = blocks;
		this.accounts = accounts;
		this.passwords = passwords;
		this.guard = guard;
		this.audit = audit;
	}

	@Override
	public Authentication authenticate(Authentication attempt) throws AuthenticationException {
		String username = Usernames.normalize(attempt.getName());
		String key = this.guard.accountKey(username);
		Throttle.Verdict verdict = this.guard.check(key);
		if (!verdict.open()) {
			this.audit.record(SecurityEventType.SIGN_IN_THROTTLED, null, key, "password");
			throw new SignInThrottled(verdict);
		}
		Optional<AccountStore.Account> account = Usernames.plausible(username) ? this.accounts.byUsername(username)
				: Optional.empty();
		String password = attempt.getCredentials() == null ? "" : attempt.getCredentials().toString();
		boolean matches = this.passwords.matches(password, account.map(AccountStore.Account::passwordHash).orElse(null));
		if (!matches || !account.get().enabled() || blocked(account.get().id())) {
			UUID accountId = account.map(a -> a.id().value()).orElse(null);
			this.guard.failed(key, accountId);
			this.audit.record(SecurityEventType.SIGN_IN_FAILED, accountId, key, "password");
			throw new BadCredentialsException("Sign-in failed");
		}
		AccountId id = account.get().id();
		this.audit.record(SecurityEventType.PASSWORD_ACCEPTED, id.value(), null);
		return UsernamePasswordAuthenticationToken.authenticated(id.toString(), null,
				List.of(new SimpleGrantedAuthority(Authorities.PASSWORD_VERIFIED)));
	}

	private boolean blocked(AccountId id) {
		return this.blocks.orderedStream().anyMatch(block -> block.blocked(id));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

	/**
	 * Sign-in was refused without checking anything, because of throttling.
	 */
	static class SignInThrottled extends AuthenticationException {

		private final transient Throttle.Verdict verdict;

		SignInThrottled(Throttle.Verdict verdict) {
			super("Sign-in throttled");
			this.verdict = verdict;
		}

		Throttle.Verdict verdict() {
			return this.verdict;
		}

	}

}
