package nz.tiaki.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The only way into Tiaki: a practice invites a patient it holds, or a practice
 * administrator invites a staff member, with a single-use code that expires. Redeeming the
 * code with the right check creates the account bound to that person. Wrong codes are
 * throttled like passwords, and five wrong checks void an invitation.
 */
@Service
public class Invitations {

	static final String ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789";

	static final String NO_MATCH = "We could not match that code. Check the code and the other details, "
			+ "or ask your practice for a new code.";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final InvitationStore invitations;

	private final AccountStore accounts;

	private final Passwords passwords;

	private final SignInGuard guard;

	private final AuditTrail audit;

	private final IdentitySettings settings;

	private final Clock clock;

	private final org.springframework.beans.factory.ObjectProvider<SignInBlocks> blocks;

	Invitations(InvitationStore invitations, AccountStore accounts, Passwords passwords, SignInGuard guard,
			AuditTrail audit, IdentitySettings settings, Clock clock,
			org.springframework.beans.factory.ObjectProvider<SignInBlocks> blocks) {
		this.blocks = blocks;
		this.invitations = invitations;
		this.accounts = accounts;
		this.passwords = passwords;
		this.guard = guard;
		this.audit = audit;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Issues a new code for a person, voiding any earlier open one. Audited.
	 * @param holder the patient or staff member the account will belong to
	 * @param birthDate the patient's date of birth (required for patients, ignored for staff)
	 * @param email the address the account will sign in with
	 * @param issuedBy the staff account issuing it
	 * @return the code, shown once
	 * @throws InvitationRejected when the address is not plausible or the person already has
	 * an account
	 */
	@Transactional
	public IssuedInvitation issue(AccountHolder holder, LocalDate birthDate, String email, AccountId issuedBy) {
		String username = Usernames.normalize(email);
		if (!Usernames.plausible(username)) {
			throw new InvitationRejected("Enter a valid e-mail address, like name@example.com.");
		}
		Optional<AccountStore.Account> existing = this.accounts.byHolder(holder);
		if (existing.isPresent() && !this.accounts.awaitingReset(existing.get().id())) {
			throw new InvitationRejected("This person already has an account.");
		}
		if (holder.kind() == AccountHolder.Kind.PATIENT && birthDate == null) {
			throw new InvitationRejected("A patient's invitation needs their date of birth.");
		}
		Instant now = this.clock.instant();
		this.invitations.revokeOpen(holder, now);
		String code = newCode();
		Instant expires = now.plus(this.settings.invitationValidity());
		this.invitations.insert(UUID.randomUUID(), digest(code), holder,
				holder.kind() == AccountHolder.Kind.PATIENT ? birthDate : null, username, issuedBy, now, expires);
		this.audit.record(SecurityEventType.INVITATION_ISSUED, issuedBy == null ? null : issuedBy.value(),
				holder.kind().name());
		return new IssuedInvitation(code, username, expires);
	}

	/**
	 * @param holder a patient or staff member
	 * @return whether an unexpired, unused invitation is waiting for them
	 */
	@Transactional(readOnly = true)
	public boolean waiting(AccountHolder holder) {
		return this.invitations.hasOpen(holder, this.clock.instant());
	}

	/**
	 * Redeems a code: creates the account bound to the invited person, with the new
	 * password. The account still needs a second factor before it reaches anything.
	 * Audited; a refused attempt counts against the source address and the invitation.
	 * @param redemption what the person typed
	 * @return the new account
	 * @throws InvitationRejected when the code or check does not match, or attempts are
	 * throttled
	 * @throws PasswordRejected when the new password breaks the rules (nothing is changed)
	 */
	@Transactional(noRollbackFor = InvitationRejected.class)
	public AccountId redeem(Redemption redemption) {
		Throttle.Verdict verdict = this.guard.checkInvitation();
		if (!verdict.open()) {
			this.audit.record(SecurityEventType.SIGN_IN_THROTTLED, null, "invitation");
			throw new InvitationRejected("Too many attempts. Wait " + Waits.describe(verdict.retryAfter())
					+ " and try again.");
		}
		Instant now = this.clock.instant();
		Optional<InvitationStore.Invitation> found = this.invitations.open(digest(redemption.code()), now);
		if (found.isEmpty()) {
			this.invitations.decoyCheck(redemption.birthDate(), now);
			refuse(null);
		}
		InvitationStore.Invitation invitation = found.get();
		boolean checked = invitation.holder().kind() == AccountHolder.Kind.PATIENT
				? this.invitations.birthDateMatches(invitation, redemption.birthDate())
				: invitation.email().equals(Usernames.normalize(redemption.email()));
		if (!checked) {
			this.invitations.failedCheck(invitation.id(), now);
			refuse(invitation.id());
		}
		this.passwords.checkAcceptable(redemption.password(), redemption.confirmation());
		Optional<AccountStore.Account> reset = this.accounts.byHolder(invitation.holder())
			.filter(account -> this.accounts.awaitingReset(account.id()));
		if (reset.isPresent()) {
			return renew(reset.get(), invitation, redemption, now);
		}
		if (this.accounts.usernameTaken(invitation.email())) {
			throw new InvitationRejected("An account already signs in with the e-mail address this invitation was "
					+ "made for. Sign in with it, or ask your practice to invite you with another address.");
		}
		if (!this.invitations.redeem(invitation.id(), now)) {
			refuse(invitation.id());
		}
		AccountId id = AccountId.random();
		this.accounts.insert(new AccountStore.Account(id, invitation.email(), this.passwords.hash(redemption.password()),
				invitation.holder(), true), now);
		this.audit.record(SecurityEventType.INVITATION_REDEEMED, id.value(), invitation.holder().kind().name());
		return id;
	}

	/**
	 * Redeems an invitation for an account whose credentials were reset: the same account
	 * gets the new password (and the invitation's address), and its holder enrols a second
	 * factor at the next sign-in; sign-in blocks the reset came with are lifted.
	 */
	private AccountId renew(AccountStore.Account account, InvitationStore.Invitation invitation,
			Redemption redemption, Instant now) {
		if (!invitation.email().equals(account.username()) && this.accounts.usernameTaken(invitation.email())) {
			throw new InvitationRejected("An account already signs in with the e-mail address this invitation was "
					+ "made for. Sign in with it, or ask your practice to invite you with another address.");
		}
		if (!this.invitations.redeem(invitation.id(), now)) {
			refuse(invitation.id());
		}
		this.accounts.renew(account.id(), invitation.email(), this.passwords.hash(redemption.password()), now);
		this.blocks.orderedStream().forEach(block -> block.credentialsRenewed(account.id()));
		this.audit.record(SecurityEventType.INVITATION_REDEEMED, account.id().value(),
				invitation.holder().kind().name() + " renewed");
		return account.id();
	}

	private void refuse(UUID invitationId) {
		this.guard.invitationFailed();
		this.audit.record(SecurityEventType.INVITATION_REFUSED, null, invitationId == null ? "unknown-code" : "check");
		throw new InvitationRejected(NO_MATCH);
	}

	static String newCode() {
		StringBuilder code = new StringBuilder(14);
		for (int i = 0; i < 12; i++) {
			if (i > 0 && i % 4 == 0) {
				code.append('-');
			}
			code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return code.toString();
	}

	static byte[] digest(String code) {
		String normalized = code == null ? "" : code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
		try {
			return MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
