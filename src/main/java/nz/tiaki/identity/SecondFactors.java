package nz.tiaki.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;

import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Second factors: authenticator apps (TOTP), passkeys and single-use recovery codes. Every
 * account must keep at least one app or passkey. Every check is throttled with the
 * account's password failures, and every change is audited.
 */
@Service
public class SecondFactors {

	static final int RECOVERY_CODES = 10;

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final String RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

	private final FactorStore factors;

	private final AccountStore accounts;

	private final PublicKeyCredentialUserEntityRepository passkeyUsers;

	private final UserCredentialRepository passkeys;

	private final SignInGuard guard;

	private final AccountSessions sessions;

	private final AuditTrail audit;

	private final Clock clock;

	private final Totp totp = new Totp();

	SecondFactors(FactorStore factors, AccountStore accounts, PublicKeyCredentialUserEntityRepository passkeyUsers,
			UserCredentialRepository passkeys, SignInGuard guard, AccountSessions sessions, AuditTrail audit,
			Clock clock) {
		this.factors = factors;
		this.accounts = accounts;
		this.passkeyUsers = passkeyUsers;
		this.passkeys = passkeys;
		this.guard = guard;
		this.sessions = sessions;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * @param id an account
	 * @return whether it has an authenticator app or a passkey
	 */
	@Transactional(readOnly = true)
	public boolean hasAny(AccountId id) {
		return this.factors.countTotps(id) > 0 || !passkeysOf(id).isEmpty();
	}

	/**
	 * Makes a new authenticator-app secret for the person to add to their app. Nothing is
	 * stored until {@link #confirmTotp} succeeds.
	 * @param id the account
	 * @return the secret, its typed form and its QR content
	 */
	@Transactional(readOnly = true)
	public TotpEnrolment startTotp(AccountId id) {
		String username = this.accounts.byId(id).orElseThrow().username();
		byte[] secret = Totp.newSecret();
		return new TotpEnrolment(secret, Totp.base32(secret), Totp.otpauthUri(secret, username));
	}

	/**
	 * Adds an authenticator app once the person types a current code from it. The code is
	 * spent: it cannot be used again to sign in. Audited.
	 * @param id the account
	 * @param pending the secret offered by {@link #startTotp}
	 * @param code a code from the app
	 * @param label the person's name for the app
	 * @throws FactorRejected when the code does not match
	 */
	@Transactional
	public void confirmTotp(AccountId id, TotpEnrolment pending, String code, String label) {
		OptionalLong step = this.totp.matchingStep(pending.secret(), code, this.clock.instant());
		if (step.isEmpty()) {
			throw new FactorRejected("That code did not match. Type the newest 6-digit code from your app, "
					+ "and check the time on your phone is set automatically.");
		}
		String name = label == null || label.isBlank() ? "Authenticator app" : label.strip();
		if (name.length() > 60) {
			name = name.substring(0, 60);
		}
		this.factors.insertTotp(UUID.randomUUID(), id, pending.secret(), name, this.clock.instant(),
				step.getAsLong());
		this.audit.record(SecurityEventType.FACTOR_ADDED, id.value(), "totp");
	}

	/**
	 * Checks a code from one of the account's authenticator apps. A code is accepted once,
	 * within one 30-second step either way. Refusals count toward the account's lock.
	 * @param id the account
	 * @param code what was typed
	 * @return the outcome
	 */
	@Transactional(noRollbackFor = RuntimeException.class)
	public FactorCheck verifyTotp(AccountId id, String code) {
		AccountStore.Account account = this.accounts.byId(id).orElseThrow();
		String key = this.guard.accountKey(account.username());
		FactorCheck throttled = throttled(key, id);
		if (throttled != null) {
			return throttled;
		}
		Instant now = this.clock.instant();
		for (FactorStore.TotpRow row : this.factors.totps(id)) {
			OptionalLong step = this.totp.matchingStep(row.secret(), code, now);
			if (step.isPresent() && this.factors.useStep(row.id(), step.getAsLong())) {
				return FactorCheck.ACCEPTED;
			}
		}
		this.guard.failed(key, id.value());
		this.audit.record(SecurityEventType.SIGN_IN_FAILED, id.value(), "totp");
		return FactorCheck.REFUSED;
	}

	/**
	 * Spends one of the account's recovery codes. Refusals count toward the account's lock.
	 * @param id the account
	 * @param code what was typed
	 * @return the outcome
	 */
	@Transactional(noRollbackFor = RuntimeException.class)
	public FactorCheck useRecoveryCode(AccountId id, String code) {
		AccountStore.Account account = this.accounts.byId(id).orElseThrow();
		String key = this.guard.accountKey(account.username());
		FactorCheck throttled = throttled(key, id);
		if (throttled != null) {
			return throttled;
		}
		if (this.factors.useRecoveryCode(id, recoveryDigest(code), this.clock.instant())) {
			this.audit.record(SecurityEventType.RECOVERY_CODE_USED, id.value(), null);
			return FactorCheck.ACCEPTED;
		}
		this.guard.failed(key, id.value());
		this.audit.record(SecurityEventType.SIGN_IN_FAILED, id.value(), "recovery-code");
		return FactorCheck.REFUSED;
	}

	private FactorCheck throttled(String key, AccountId id) {
		Throttle.Verdict verdict = this.guard.check(key);
		if (verdict.open()) {
			return null;
		}
		this.audit.record(SecurityEventType.SIGN_IN_THROTTLED, id.value(), "second-factor");
		return new FactorCheck(verdict.outcome() == Throttle.Outcome.LOCKED ? FactorCheck.Result.LOCKED
				: FactorCheck.Result.WAIT, verdict.retryAfter());
	}

	/**
	 * Replaces the account's recovery codes with ten new ones. Audited.
	 * @param id the account
	 * @return the codes, shown once; only their digests are kept
	 */
	@Transactional
	public List<String> issueRecoveryCodes(AccountId id) {
		List<String> codes = new ArrayList<>(RECOVERY_CODES);
		List<byte[]> digests = new ArrayList<>(RECOVERY_CODES);
		for (int i = 0; i < RECOVERY_CODES; i++) {
			StringBuilder code = new StringBuilder(11);
			for (int c = 0; c < 10; c++) {
				if (c == 5) {
					code.append('-');
				}
				code.append(RECOVERY_ALPHABET.charAt(RANDOM.nextInt(RECOVERY_ALPHABET.length())));
			}
			codes.add(code.toString());
			digests.add(recoveryDigest(code.toString()));
		}
		this.factors.replaceRecoveryCodes(id, digests, this.clock.instant());
		this.audit.record(SecurityEventType.RECOVERY_CODES_ISSUED, id.value(), null);
		return codes;
	}

	/**
	 * @param id an account
	 * @return how many recovery codes are left
	 */
	@Transactional(readOnly = true)
	public int recoveryCodesLeft(AccountId id) {
		return this.factors.unusedRecoveryCodes(id);
	}

	/**
	 * @param id an account
	 * @return its authenticator apps and passkeys
	 */
	@Transactional(readOnly = true)
	public List<Factor> factorsOf(AccountId id) {
		List<Factor> all = new ArrayList<>();
		for (FactorStore.TotpRow row : this.factors.totps(id)) {
			all.add(new Factor("app-" + row.id(), Factor.Kind.AUTHENTICATOR_APP, row.label(), row.createdAt(),
					row.lastUsedStep() > 0 ? Instant.ofEpochSecond(row.lastUsedStep() * Totp.STEP.getSeconds()) : null));
		}
		for (CredentialRecord passkey : passkeysOf(id)) {
			all.add(new Factor("passkey-" + passkey.getCredentialId().toBase64UrlString(), Factor.Kind.PASSKEY,
					passkey.getLabel(), passkey.getCreated(), passkey.getLastUsed()));
		}
		return all;
	}

	/**
	 * Removes a factor, unless it is the account's last app or passkey; ends every session
	 * of the account, this one included. Audited.
	 * @param id the account
	 * @param ref the factor's reference from {@link #factorsOf}
	 * @param request the asking request, whose session ends too
	 * @throws FactorRejected when it is the last factor or not the account's
	 */
	@Transactional
	public void remove(AccountId id, String ref, HttpServletRequest request) {
		List<Factor> all = factorsOf(id);
		Factor factor = all.stream()
			.filter(f -> f.ref().equals(ref))
			.findFirst()
			.orElseThrow(() -> new FactorRejected("That sign-in method was not found."));
		if (all.size() == 1) {
			throw new FactorRejected("This is your only second sign-in step. Add another before removing it.");
		}
		if (factor.kind() == Factor.Kind.AUTHENTICATOR_APP) {
			this.factors.deleteTotp(id, UUID.fromString(ref.substring("app-".length())));
		}
		else {
			this.passkeys.delete(Bytes.fromBase64(ref.substring("passkey-".length())));
		}
		this.audit.record(SecurityEventType.FACTOR_REMOVED, id.value(),
				factor.kind() == Factor.Kind.PASSKEY ? "passkey" : "totp");
		this.sessions.endAll(id, request, "factor-removed");
	}

	/**
	 * Makes sure the passkey user record for an account exists and names it by its sign-in
	 * address, so an authenticator shows a name the person knows.
	 * @param id the account
	 */
	@Transactional
	public void preparePasskeys(AccountId id) {
		if (this.passkeyUsers.findByUsername(id.toString()) == null) {
			String username = this.accounts.byId(id).orElseThrow().username();
			this.passkeyUsers.save(ImmutablePublicKeyCredentialUserEntity.builder()
				.id(Bytes.random())
				.name(id.toString())
				.displayName(username)
				.build());
		}
	}

	/**
	 * Records that a passkey was just registered for the account. Audited.
	 * @param id the account
	 * @return whether the account now has a passkey
	 */
	@Transactional
	public boolean passkeyAdded(AccountId id) {
		boolean has = !passkeysOf(id).isEmpty();
		if (has) {
			this.audit.record(SecurityEventType.FACTOR_ADDED, id.value(), "passkey");
		}
		return has;
	}

	private List<CredentialRecord> passkeysOf(AccountId id) {
		PublicKeyCredentialUserEntity user = this.passkeyUsers.findByUsername(id.toString());
		return user == null ? List.of() : this.passkeys.findByUserId(user.getId());
	}

	static byte[] recoveryDigest(String code) {
		String normalized = code == null ? "" : code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
		try {
			return MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
