package nz.tiaki.identity;

import java.util.UUID;

import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;
import nz.tiaki.shared.web.RequestOrigin;
import nz.tiaki.vault.Vault;

import org.springframework.stereotype.Component;

/**
 * Applies throttling to every way of proving who one is: per typed account name (whether
 * or not the account exists) and per source address.
 */
@Component
class SignInGuard {

	private final Throttle throttle;

	private final IdentitySettings settings;

	private final AuditTrail audit;

	private final Vault vault;

	private final org.springframework.context.ApplicationEventPublisher events;

	private final java.time.Clock clock;

	SignInGuard(Throttle throttle, IdentitySettings settings, AuditTrail audit, Vault vault,
			org.springframework.context.ApplicationEventPublisher events, java.time.Clock clock) {
		this.events = events;
		this.clock = clock;
		this.vault = vault;
		this.throttle = throttle;
		this.settings = settings;
		this.audit = audit;
	}

	String accountKey(String normalizedUsername) {
		return "acct:" + this.vault.indexText("throttle-account", normalizedUsername).substring(0, 32);
	}

	Throttle.Verdict check(String accountKey) {
		Throttle.Verdict forAccount = this.throttle.check(accountKey, accountPolicy());
		Throttle.Verdict forAddress = this.throttle.check(addressKey(), addressPolicy());
		return worse(forAccount, forAddress);
	}

	void failed(String accountKey, UUID accountId) {
		if (this.throttle.failed(accountKey, accountPolicy())) {
			this.audit.record(SecurityEventType.LOCKED, accountId, accountKey, "account");
		}
		if (this.throttle.failed(addressKey(), addressPolicy())) {
			this.audit.record(SecurityEventType.LOCKED, null, addressKey(), "address");
			java.time.Instant now = this.clock.instant();
			this.events.publishEvent(new SignInAttack(RequestOrigin.current().address(), this.settings.addressLockAfter(),
					now.minus(this.settings.accountWindow()), now));
		}
		// Counted, never checked: it alerts and locks no one out.
		if (this.throttle.failed(SPREAD_KEY, spreadPolicy())) {
			java.time.Instant now = this.clock.instant();
			this.audit.record(SecurityEventType.SIGN_IN_ATTACK_SPREAD, null, SPREAD_KEY, null);
			this.events.publishEvent(new SignInAttack(null, this.settings.spreadAlertAfter(),
					now.minus(this.settings.accountWindow()), now));
		}
	}

	/** The count of failed sign-ins across every address and account. */
	static final String SPREAD_KEY = "all";

	private Throttle.Policy spreadPolicy() {
		return new Throttle.Policy(0, this.settings.spreadAlertAfter(), this.settings.accountWindow(),
				this.settings.accountWindow());
	}

	/**
	 * The verdict for an account alone, for a passkey: an assertion cannot be guessed, so a
	 * lock on the address (password guessing from there, perhaps a shared network) does not
	 * keep a passkey holder out; a lock on the account does.
	 */
	Throttle.Verdict checkAccountOnly(String accountKey) {
		return this.throttle.check(accountKey, accountPolicy());
	}

	void succeeded(String accountKey) {
		this.throttle.cleared(accountKey);
	}

	Throttle.Verdict checkInvitation() {
		return worse(this.throttle.check(invitationKey(), accountPolicy()),
				this.throttle.check(addressKey(), addressPolicy()));
	}

	void invitationFailed() {
		if (this.throttle.failed(invitationKey(), accountPolicy())) {
			this.audit.record(SecurityEventType.LOCKED, null, invitationKey(), "invitation");
		}
		this.throttle.failed(addressKey(), addressPolicy());
	}

	private Throttle.Policy accountPolicy() {
		return new Throttle.Policy(this.settings.accountDelayAfter(), this.settings.accountLockAfter(),
				this.settings.accountWindow(), this.settings.accountLockDuration());
	}

	private Throttle.Policy addressPolicy() {
		return new Throttle.Policy(0, this.settings.addressLockAfter(), this.settings.accountWindow(),
				this.settings.accountLockDuration());
	}

	private static String addressKey() {
		return "addr:" + RequestOrigin.current().address();
	}

	private static String invitationKey() {
		return "invite:" + RequestOrigin.current().address();
	}

	private static Throttle.Verdict worse(Throttle.Verdict a, Throttle.Verdict b) {
		if (a.outcome().ordinal() != b.outcome().ordinal()) {
			return a.outcome().ordinal() > b.outcome().ordinal() ? a : b;
		}
		return a.retryAfter().compareTo(b.retryAfter()) >= 0 ? a : b;
	}

}
