package nz.tiaki.guard;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import nz.tiaki.access.AccessGate;
import nz.tiaki.access.Action;
import nz.tiaki.access.ReadGuard;
import nz.tiaki.access.Subject;
import nz.tiaki.clinics.Practices;
import nz.tiaki.documents.Documents;
import nz.tiaki.identity.AccountId;
import nz.tiaki.identity.AccountSessions;
import nz.tiaki.identity.SignInBlocks;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;
import nz.tiaki.shared.web.RequestOrigin;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Watches how much each session and account reads, counted in the database so the budgets
 * hold across every node: each document opened is charged to its session's budget row in
 * the statement that judges the budget and records the gate's decision, and refusals and
 * patients are counted from the audit log. A patient opening more than 30 documents in 5 minutes
 * must pass a fresh second-factor check; more than 100 in an hour, or more than 500 MB of
 * document content, locks the session; 10
 * refusals in an hour (enumeration) lock it too; a clinician opening more than 50 patients'
 * records in an hour must state a reason; touching a canary locks the whole account at once.
 * Every one of these raises an alert for the practice's privacy officer.
 */
@Service
@EnableConfigurationProperties(GuardSettings.class)
public class Guard implements ReadGuard, SignInBlocks {

	private final GuardStore store;

	private final GuardSettings settings;

	private final Practices practices;

	private final AccountSessions sessions;

	private final Clock clock;

	private final nz.tiaki.audit.AuditTrail audit;

	private final org.springframework.beans.factory.ObjectProvider<nz.tiaki.apps.Apps> apps;

	Guard(GuardStore store, GuardSettings settings, Practices practices, AccountSessions sessions, Clock clock,
			nz.tiaki.audit.AuditTrail audit, org.springframework.beans.factory.ObjectProvider<nz.tiaki.apps.Apps> apps) {
		this.apps = apps;
		this.audit = audit;
		this.store = store;
		this.settings = settings;
		this.practices = practices;
		this.sessions = sessions;
		this.clock = clock;
	}

	@Override
	public Check check(Subject subject, PatientId patient, Action action, String objectRef, boolean allowed) {
		if (subject.kind() == Subject.Kind.SYSTEM) {
			return Verdict.PASS;
		}
		String session = RequestOrigin.current().sessionRef();
		UUID account = subject.accountId();
		if (session == null && account == null) {
			return Verdict.PASS;
		}
		Instant now = this.clock.instant();
		Instant hour = now.minus(this.settings.lockWindow());
		boolean budgeted = allowed && action == Action.READ_DOCUMENT && objectRef != null
				&& !AccessGate.LIST.equals(objectRef);
		if (budgeted && opensADocument(objectRef)) {
			return opening(subject, patient, objectRef, session, account, now, hour);
		}
		if (this.store.locked(session, account)) {
			return Verdict.LOCKED;
		}
		if (AccessGate.LIST.equals(objectRef)) {
			return Verdict.PASS;
		}
		if (this.store.canary(patient == null ? null : patient.toString(), objectRef == null ? null : plain(objectRef))) {
			return Verdict.CANARY;
		}
		if (!allowed) {
			return Verdict.PASS;
		}
		if (subject.kind() == Subject.Kind.STAFF && patient != null && account != null
				&& reasonNeeded(account, patient, session, hour)) {
			return Verdict.REASON;
		}
		return Verdict.PASS;
	}

	/**
	 * An allowed decision that opens a document: charged to the session's budget and judged
	 * against what was opened before it, in the statement that records the decision. Every
	 * document asked for is charged, the ones the budget then refuses too (they were asked
	 * for); a locked session is charged nothing. A canary and a clinician's missing reason are
	 * refusals of their own, so for a canary or a clinician the budget is first only read
	 * (keeping the order in which the refusals are decided: the lock, the canary, the budget,
	 * the reason) and charged only once nothing else refuses.
	 */
	private Check opening(Subject subject, PatientId patient, String objectRef, String session, UUID account,
			Instant now, Instant hour) {
		boolean canary = this.store.canary(patient == null ? null : patient.toString(), plain(objectRef));
		boolean staff = subject.kind() == Subject.Kind.STAFF && patient != null && account != null;
		Instant since = stepUpSince(now);
		if (canary || staff) {
			Verdict read = this.store.judge(session, account, hour, since, this.settings);
			if (read == Verdict.LOCKED) {
				return Verdict.LOCKED;
			}
			if (canary) {
				return Verdict.CANARY;
			}
			if (read != Verdict.PASS) {
				return read;
			}
			if (reasonNeeded(account, patient, session, hour)) {
				return Verdict.REASON;
			}
		}
		UUID document = objectRef.startsWith(Documents.DOWNLOAD) ? documentOf(plain(objectRef)) : null;
		return this.store.charge(session, account, document, now, hour, since, this.settings);
	}

	private boolean reasonNeeded(UUID account, PatientId patient, String session, Instant hour) {
		return !this.store.touched(account, patient.value(), hour)
				&& this.store.distinctPatients(account, hour) >= this.settings.patientsBeforeReason()
				&& !this.store.reasonGiven(session, hour);
	}

	private static UUID documentOf(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	@Override
	public void recorded(Subject subject, PatientId patient, Action action, String objectRef, boolean allowed,
			Verdict verdict) {
		if (subject.kind() == Subject.Kind.SYSTEM) {
			return;
		}
		String session = RequestOrigin.current().sessionRef();
		UUID account = subject.accountId();
		if (session == null && account == null) {
			return;
		}
		Instant now = this.clock.instant();
		Instant hour = now.minus(this.settings.lockWindow());
		switch (verdict) {
			case CANARY -> {
				this.store.lock(session, account, "canary", now);
				alert("CRITICAL", "CANARY", subject, session,
						"A canary record, which no legitimate work opens, was requested. The account is locked and "
								+ "all its sessions ended.", hour, now);
				if (account != null) {
					this.sessions.endAll(new AccountId(account), currentRequest(), "canary");
				}
				return;
			}
			case LOCKED -> {
				if (!this.store.locked(session, account)) {
					if (overBytes(session, account, now)) {
						this.store.lock(session, account, "bytes-budget", now);
						alert("CRITICAL", "BYTES_BUDGET", subject, session, "More than "
								+ this.settings.bytesBeforeLock().toMegabytes()
								+ " MB of documents downloaded in an hour. The session is locked.", hour, now);
					}
					else {
						this.store.lock(session, account, "document-budget", now);
						alert("CRITICAL", "DOCUMENT_BUDGET", subject, session, "More than "
								+ this.settings.documentsBeforeLock()
								+ " documents opened in an hour. The session is locked.", hour, now);
					}
				}
				return;
			}
			case STEP_UP -> {
				if (!this.store.alertedSince("STEP_UP", session, account, now.minus(this.settings.stepUpWindow()))) {
					alert("WARNING", "STEP_UP", subject, session, "More than " + this.settings.documentsBeforeStepUp()
							+ " documents opened within minutes; a fresh second-factor check was demanded.",
							now.minus(this.settings.stepUpWindow()), now);
				}
			}
			case REASON -> {
				if (!this.store.alertedSince("MANY_PATIENTS", session, account, hour)) {
					alert("WARNING", "MANY_PATIENTS", subject, session, "A staff account opened more than "
							+ this.settings.patientsBeforeReason() + " patients' records within an hour.", hour, now);
				}
			}
			default -> {
			}
		}
		if (!allowed && !this.store.locked(session, account)
				&& this.store.denials(session, account, hour) >= this.settings.denialsBeforeLock()) {
			this.store.lock(session, account, "denials", now);
			alert("CRITICAL", "DENIALS", subject, session, this.settings.denialsBeforeLock()
					+ " refused requests within an hour, as when someone tries ids that are not theirs. The session is "
					+ "locked.", hour, now);
		}
	}

	/**
	 * Deletes budget rows with nothing left in the lock window. On one node at a time.
	 */
	@org.springframework.scheduling.annotation.Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
	@Transactional
	public void forgetSpentBudgets() {
		this.store.forgetBudgets(this.clock.instant().minus(this.settings.lockWindow()));
	}

	/**
	 * Records a clinician's reason for opening many records, letting them go on this hour.
	 * @param subject the clinician
	 * @param reason why, in their words
	 * @return whether it was accepted (at least 10 characters)
	 */
	@Transactional
	public boolean giveReason(Subject subject, String reason) {
		String session = RequestOrigin.current().sessionRef();
		if (reason == null || reason.strip().length() < 10 || session == null) {
			return false;
		}
		String text = reason.strip();
		this.store.giveReason(session, subject.accountId(), text.length() > 500 ? text.substring(0, 500) : text,
				this.clock.instant());
		return true;
	}

	/**
	 * Marks a patient or document as a canary: any request for it locks the asker.
	 * @param kind {@code PATIENT} or {@code DOCUMENT}
	 * @param id its id
	 */
	@Transactional
	public void plantCanary(String kind, String id) {
		this.store.plantCanary(kind, id);
	}

	/**
	 * Locks an account: no new sign-in, no read, until lifted. For containing an incident.
	 * @param account the account
	 * @param reason why, for the record
	 */
	@Transactional
	public void lockAccount(UUID account, String reason) {
		if (!this.store.accountLocked(account)) {
			this.store.lock(null, account, reason, this.clock.instant());
		}
	}

	/**
	 * Locks a session by its reference. For containing an incident.
	 * @param sessionRef the session
	 * @param reason why
	 */
	@Transactional
	public void lockSession(String sessionRef, String reason) {
		if (!this.store.locked(sessionRef, null)) {
			this.store.lock(sessionRef, null, reason, this.clock.instant());
		}
	}

	/**
	 * @param practice a practice
	 * @return its most recent alerts, newest first
	 */
	@Transactional(readOnly = true)
	public List<Alert> alertsFor(PracticeId practice) {
		return this.store.alerts(practice.value(), 200);
	}

	/**
	 * @param practice the asking privacy officer's practice
	 * @param id an alert
	 * @return the alert, if it belongs to that practice
	 */
	@Transactional(readOnly = true)
	public Optional<Alert> alert(PracticeId practice, UUID id) {
		return this.store.alert(id, practice.value());
	}

	/**
	 * @param limit how many at most
	 * @return the newest alerts across every practice and the platform, for Tiaki's operators
	 */
	@Transactional(readOnly = true)
	public List<Alert> allAlerts(int limit) {
		return this.store.allAlerts(limit);
	}

	/**
	 * @param id an alert
	 * @return the alert wherever it was raised, for Tiaki's operators
	 */
	@Transactional(readOnly = true)
	public Optional<Alert> anyAlert(UUID id) {
		return this.store.alertAnywhere(id);
	}

	/**
	 * @param alert an alert
	 * @return whether its session or account is locked now
	 */
	@Transactional(readOnly = true)
	public boolean stillLocked(Alert alert) {
		return this.store.locked(alert.sessionRef(), alert.accountId());
	}

	/**
	 * Lifts the locks an alert led to, once a privacy officer has looked into it. Audited.
	 * @param alert the alert
	 * @param by the privacy officer's account
	 * @return how many locks were lifted
	 */
	@Transactional
	public int lift(Alert alert, UUID by) {
		int lifted = this.store.lift(alert.sessionRef(), alert.accountId(), by, this.clock.instant());
		this.audit.record(nz.tiaki.audit.SecurityEventType.LOCK_LIFTED, by, "alert:" + alert.id());
		return lifted;
	}

	/**
	 * A reset account's holder redeemed a new invitation: the account's own locks end (the
	 * locks of its old sessions stay, and those sessions are over anyway). Audited.
	 */
	@Override
	@Transactional
	public void credentialsRenewed(AccountId id) {
		int lifted = this.store.lift(null, id.value(), null, this.clock.instant());
		if (lifted > 0) {
			this.audit.record(nz.tiaki.audit.SecurityEventType.LOCK_LIFTED, id.value(), "credentials-renewed");
		}
	}

	@Override
	public boolean blocked(AccountId id) {
		return this.store.accountLocked(id.value());
	}

	/**
	 * An address locked for failed sign-ins is an alert for Tiaki's operators (it belongs to
	 * no one practice): recorded, listed by {@code security-alerts}, and e-mailed to the
	 * configured operators.
	 * @param attack the lock
	 */
	@org.springframework.context.event.EventListener
	@org.springframework.transaction.annotation.Transactional(
			propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
	public void signInAttack(nz.tiaki.identity.SignInAttack attack) {
		if (attack.address() == null) {
			if (this.store.raisedSince("SIGN_IN_ATTACK_SPREAD", attack.at().minus(java.time.Duration.ofHours(1)))) {
				return; // one alert an hour for a spread attack that goes on
			}
			this.store.raise("CRITICAL", "SIGN_IN_ATTACK_SPREAD", null, null, null,
					"Sign-ins failed " + attack.failures() + " times within minutes across many addresses: credential "
							+ "stuffing from many machines is likely. No one address is locked; each account under "
							+ "attack is slowed and then locked by its own failures. Sign-ins by passkey still work.",
					attack.since(), attack.at(), this.settings.operators());
			return;
		}
		this.store.raise("CRITICAL", "SIGN_IN_ATTACK", null, null, null,
				"Sign-ins from one address failed " + attack.failures() + " times within minutes, so the address is "
						+ "locked: password guessing or credential stuffing is likely. Sign-ins by passkey still work.",
				attack.since(), attack.at(), this.settings.operators());
	}

	/**
	 * @param limit how many at most
	 * @return alerts that belong to no one practice, newest first
	 */
	@org.springframework.transaction.annotation.Transactional(readOnly = true)
	public List<Alert> platformAlerts(int limit) {
		return this.store.platformAlerts(limit);
	}

	private void alert(String severity, String kind, Subject subject, String session, String summary, Instant from,
			Instant to) {
		Optional<PracticeId> practice = practiceOf(subject);
		this.store.raise(severity, kind, subject.accountId(), session, practice.map(PracticeId::value).orElse(null),
				summary, from, to, practice.map(this.practices::privacyOfficerAddresses).orElse(List.of()));
	}

	private Optional<PracticeId> practiceOf(Subject subject) {
		if (subject.kind() == Subject.Kind.STAFF) {
			return this.practices.practiceOfStaff(subject.id());
		}
		if (subject.kind() == Subject.Kind.PATIENT) {
			return this.practices.practicesOf(new PatientId(subject.id())).stream().findFirst();
		}
		if (subject.kind() == Subject.Kind.APP) {
			return this.apps.getObject().practiceOfSystem(subject.id());
		}
		return Optional.empty();
	}

	private boolean overBytes(String session, UUID account, Instant now) {
		return this.store.bytesDelivered(session, account, now.minus(this.settings.lockWindow())) >= this.settings
			.bytesBeforeLock()
			.toBytes();
	}

	/** The step-up window's start, or the session's last second-factor check if that came later. */
	private Instant stepUpSince(Instant now) {
		Instant since = now.minus(this.settings.stepUpWindow());
		Instant stepUp = AccountSessions.secondFactorAt(currentSession());
		return stepUp != null && stepUp.isAfter(since) ? stepUp : since;
	}

	/**
	 * Whether a decision opens one document (a download, in the browser or by an app), and so
	 * counts against the document and byte budgets. A patient's copy of their own data opens
	 * their documents under one reference: it is asked for with a fresh second factor, one at
	 * a time, and reaches one patient only, so it is not charged to the document budgets (the
	 * decisions are still recorded).
	 */
	private static boolean opensADocument(String objectRef) {
		return objectRef != null && !objectRef.equals("document-list") && !objectRef.equals(Documents.DATA_EXPORT);
	}

	private static String plain(String objectRef) {
		return objectRef.startsWith(Documents.DOWNLOAD) ? objectRef.substring(Documents.DOWNLOAD.length())
				: objectRef;
	}

	private static HttpServletRequest currentRequest() {
		return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
				? attributes.getRequest() : null;
	}

	private static HttpSession currentSession() {
		HttpServletRequest request = currentRequest();
		return request == null ? null : request.getSession(false);
	}

}
