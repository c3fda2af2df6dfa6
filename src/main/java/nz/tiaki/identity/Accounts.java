package nz.tiaki.identity;

import java.time.Clock;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import nz.tiaki.access.Subject;
import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts: who is signed in, passwords, and disabling.
 */
@Service
public class Accounts {

	private final AccountStore accounts;

	private final Passwords passwords;

	private final AccountSessions sessions;

	private final SignInGuard guard;

	private final AuditTrail audit;

	private final Clock clock;

	Accounts(AccountStore accounts, Passwords passwords, AccountSessions sessions, SignInGuard guard, AuditTrail audit,
			Clock clock) {
		this.accounts = accounts;
		this.passwords = passwords;
		this.sessions = sessions;
		this.guard = guard;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * @return the enabled account behind the current request, once both factors have
	 * passed; empty otherwise
	 */
	@Transactional(readOnly = true)
	public Optional<SignedInAccount> current() {
		return idWithAuthority(Authorities.SIGNED_IN).flatMap(this.accounts::byId)
			.filter(AccountStore.Account::enabled)
			.map(a -> new SignedInAccount(a.id(), a.username(), a.holder()));
	}

	/**
	 * @return the signed-in person as the access gate knows them: patient or staff member,
	 * with their account
	 */
	@Transactional(readOnly = true)
	public Optional<Subject> subject() {
		return current().flatMap(account -> subjectFor(account.holder(), account.id()));
	}

	/**
	 * @param id an account
	 * @return the person behind it as the access gate knows them, while the account is
	 * enabled
	 */
	@Transactional(readOnly = true)
	public Optional<Subject> subjectOf(AccountId id) {
		return this.accounts.byId(id)
			.filter(AccountStore.Account::enabled)
			.flatMap(account -> subjectFor(account.holder(), account.id()));
	}

	/**
	 * @return the gate's subject for a patient or staff member; none for an operator, who
	 * reads no record
	 */
	private static Optional<Subject> subjectFor(AccountHolder holder, AccountId id) {
		return switch (holder.kind()) {
			case PATIENT -> Optional.of(new Subject(Subject.Kind.PATIENT, holder.id(), id.value()));
			case STAFF -> Optional.of(new Subject(Subject.Kind.STAFF, holder.id(), id.value()));
			case OPERATOR -> Optional.empty();
		};
	}

	/**
	 * @return the account whose password passed in this session but which still owes its
	 * second factor
	 */
	public Optional<AccountId> pending() {
		return idWithAuthority(Authorities.PASSWORD_VERIFIED);
	}

	private static Optional<AccountId> idWithAuthority(String authority) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated() || authentication.getAuthorities()
			.stream()
			.noneMatch(a -> a.getAuthority().equals(authority))) {
			return Optional.empty();
		}
		try {
			return Optional.of(AccountId.parse(authentication.getName()));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/**
	 * @param id an account
	 * @return its sign-in name
	 */
	@Transactional(readOnly = true)
	public String username(AccountId id) {
		return this.accounts.byId(id).orElseThrow().username();
	}

	/**
	 * @param address a sign-in address as someone typed it
	 * @return the patient whose enabled account signs in with it, if any
	 */
	@Transactional(readOnly = true)
	public Optional<UUID> patientWithAddress(String address) {
		String username = Usernames.normalize(address == null ? "" : address);
		if (!Usernames.plausible(username)) {
			return Optional.empty();
		}
		return this.accounts.byUsername(username)
			.filter(AccountStore.Account::enabled)
			.filter(account -> account.holder().kind() == AccountHolder.Kind.PATIENT)
			.map(account -> account.holder().id());
	}

	/**
	 * @param holder a patient or staff member
	 * @return the address they sign in with (where the portal writes to them), while their
	 * account is enabled
	 */
	@Transactional(readOnly = true)
	public Optional<String> addressOf(AccountHolder holder) {
		return this.accounts.byHolder(holder).filter(AccountStore.Account::enabled).map(AccountStore.Account::username);
	}

	/**
	 * @param kind patients or staff
	 * @param holderIds their ids
	 * @return those of them with an enabled account
	 */
	@Transactional(readOnly = true)
	public Set<UUID> withAccounts(AccountHolder.Kind kind, Collection<UUID> holderIds) {
		return this.accounts.holdersWithAccounts(kind, holderIds);
	}

	/**
	 * Changes a password after checking the current one, then ends every session of the
	 * account, this one included. Audited.
	 * @param id the account
	 * @param current the current password
	 * @param next the new password
	 * @param confirmation the new password again
	 * @param request the asking request
	 * @throws PasswordRejected when the current password is wrong or the new one breaks the
	 * rules; nothing changes
	 */
	@Transactional(noRollbackFor = PasswordRejected.class)
	public void changePassword(AccountId id, String current, String next, String confirmation,
			HttpServletRequest request) {
		AccountStore.Account account = this.accounts.byId(id).orElseThrow();
		if (!this.passwords.matches(current, account.passwordHash())) {
			this.guard.failed(this.guard.accountKey(account.username()), id.value());
			this.audit.record(SecurityEventType.SIGN_IN_FAILED, id.value(), "password-change");
			throw new PasswordRejected("Your current password is not right.");
		}
		this.passwords.checkAcceptable(next, confirmation);
		if (next.equals(current)) {
			throw new PasswordRejected("Choose a password different from your current one.");
		}
		this.accounts.setPasswordHash(id, this.passwords.hash(next), this.clock.instant());
		this.audit.record(SecurityEventType.PASSWORD_CHANGED, id.value(), null);
		this.sessions.endAll(id, request, "password-changed");
	}

	/**
	 * Forces a password and second-factor reset, for containing an incident: destroys the
	 * password, authenticator secrets, recovery codes and passkeys, and ends every session.
	 * The account can sign in again only after its holder redeems a new invitation. Audited.
	 * @param id the account
	 * @param by the account acting, or {@code null} for the system or the command line
	 * @return whether there was such an account
	 */
	@Transactional
	public boolean resetCredentials(AccountId id, UUID by) {
		if (this.accounts.byId(id).isEmpty()) {
			return false;
		}
		byte[] secret = new byte[32];
		new java.security.SecureRandom().nextBytes(secret);
		this.accounts.resetCredentials(id, this.passwords.hash(java.util.Base64.getEncoder().encodeToString(secret)),
				this.clock.instant());
		this.audit.record(SecurityEventType.CREDENTIALS_RESET, id.value(), by == null ? "by:system" : "by:" + by);
		this.sessions.endAll(id, null, "credentials-reset");
		return true;
	}

	/**
	 * @param kind patients, staff or operators
	 * @param holderIds their ids
	 * @return those of them whose account was reset and waits for a new invitation
	 */
	@Transactional(readOnly = true)
	public Set<UUID> awaitingReset(AccountHolder.Kind kind, Collection<UUID> holderIds) {
		return this.accounts.holdersAwaitingReset(kind, holderIds);
	}

	/**
	 * Disables the holder's account, if there is one, and ends all its sessions. Audited.
	 * @param holder the person
	 * @param by the account acting
	 */
	@Transactional
	public void disable(AccountHolder holder, AccountId by) {
		this.accounts.byHolder(holder).ifPresent(account -> {
			this.accounts.disable(account.id());
			this.audit.record(SecurityEventType.ACCOUNT_DISABLED, account.id().value(),
					by == null ? "by:system" : "by:" + by);
			this.sessions.endAll(account.id(), null, "disabled");
		});
	}

	/**
	 * Closes the holder's account, if there is one, as {@link #close} does: for a person the
	 * portal no longer holds anything of.
	 * @param holder the person
	 */
	@Transactional
	public void closeFor(AccountHolder holder) {
		this.accounts.byHolder(holder).ifPresent(account -> close(account.id(), null));
	}

	/**
	 * Closes an account at its owner's wish: every session ends (and with them every app's
	 * access), then the account and all that proves it are deleted, so the same name can
	 * never sign in again. The person's record, held by their practice, is not touched; the
	 * practice can invite them again. Audited.
	 * @param id the account
	 * @param current the asking request, whose session ends too
	 */
	@Transactional
	public void close(AccountId id, jakarta.servlet.http.HttpServletRequest current) {
		this.sessions.endAll(id, current, "closed");
		this.accounts.delete(id);
		this.audit.record(SecurityEventType.ACCOUNT_CLOSED, id.value(), null);
	}

}
