package nz.tiaki.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import nz.tiaki.audit.AccessRecord;
import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.Ruling;
import nz.tiaki.shared.ids.PatientId;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides every read and write of a patient's data: subject × patient × action × purpose
 * → allow or deny, by default deny. Relationships are read in the caller's transaction (so
 * a registration sees its own new enrolment); the decision is committed to the audit log in
 * a transaction of its own before this class answers, so a denial is kept even when the
 * caller's work is rolled back. Relationships: the patient themself, their proxies
 * within the scope granted, their care team by role (a receptionist sees demographics,
 * never clinical content), and emergency access. Every decision, allowed or denied, is
 * committed to the audit log before this method returns, so it is durable before any data
 * leaves. Only this class makes {@link Grant}s.
 */
@Service
public class AccessGate {

	static final Duration GRANT_LIFETIME = Duration.ofSeconds(60);

	/** The object reference of decisions made for a list page. */
	public static final String LIST = "list";

	static final Duration BREAK_GLASS_LIFETIME = Duration.ofMinutes(60);

	private static final Set<Action> SELF = EnumSet.of(Action.READ_DEMOGRAPHICS, Action.READ_SUMMARY,
			Action.READ_RESULTS, Action.READ_NOTES, Action.READ_DOCUMENT, Action.READ_ACCESS_HISTORY,
			Action.UPLOAD_DOCUMENT, Action.READ_APPOINTMENTS, Action.BOOK_APPOINTMENT, Action.REQUEST_REPEAT,
			Action.READ_REPEATS, Action.READ_MESSAGES, Action.SEND_MESSAGE, Action.REMOVE_DOCUMENT,
			Action.EXPORT_DATA, Action.REQUEST_CORRECTION);

	private static final Set<Action> CLINICIAN = EnumSet.of(Action.READ_DEMOGRAPHICS, Action.READ_SUMMARY,
			Action.READ_RESULTS, Action.READ_NOTES, Action.READ_DOCUMENT, Action.WRITE_DEMOGRAPHICS,
			Action.WRITE_RECORD, Action.RELEASE, Action.PUBLISH_DOCUMENT, Action.READ_APPOINTMENTS,
			Action.BOOK_APPOINTMENT, Action.READ_REPEATS, Action.DECIDE_REPEAT, Action.READ_MESSAGES,
			Action.SEND_MESSAGE);

	private static final Set<Action> FRONT_DESK = EnumSet.of(Action.READ_DEMOGRAPHICS, Action.WRITE_DEMOGRAPHICS,
			Action.READ_APPOINTMENTS, Action.BOOK_APPOINTMENT, Action.READ_MESSAGES, Action.SEND_MESSAGE);

	private static final Set<Action> PRACTICE_SYSTEM = EnumSet.of(Action.READ_DEMOGRAPHICS, Action.READ_SUMMARY,
			Action.READ_RESULTS, Action.READ_NOTES, Action.READ_DOCUMENT, Action.WRITE_DEMOGRAPHICS,
			Action.WRITE_RECORD, Action.PUBLISH_DOCUMENT);

	private static final Set<Action> EMERGENCY = EnumSet.of(Action.READ_DEMOGRAPHICS, Action.READ_SUMMARY,
			Action.READ_RESULTS, Action.READ_NOTES, Action.READ_DOCUMENT);

	private static final Map<String, Set<Action>> PROXY_SCOPES = Map.of("FULL_RECORD",
			EnumSet.of(Action.READ_DEMOGRAPHICS, Action.READ_SUMMARY, Action.READ_RESULTS, Action.READ_NOTES,
					Action.READ_DOCUMENT, Action.READ_APPOINTMENTS, Action.BOOK_APPOINTMENT, Action.REQUEST_REPEAT,
					Action.READ_REPEATS, Action.READ_MESSAGES, Action.SEND_MESSAGE),
			"APPOINTMENTS", EnumSet.of(Action.READ_DEMOGRAPHICS, Action.READ_APPOINTMENTS, Action.BOOK_APPOINTMENT),
			"PRESCRIPTIONS",
			EnumSet.of(Action.READ_DEMOGRAPHICS, Action.REQUEST_REPEAT, Action.READ_REPEATS), "MESSAGES",
			EnumSet.of(Action.READ_DEMOGRAPHICS, Action.READ_MESSAGES, Action.SEND_MESSAGE));

	private final AuditTrail audit;

	private final InOrder<CareTeam> careTeams;

	private final InOrder<Proxies> proxies;

	private final BreakGlassStore breakGlass;

	private final InOrder<ReadGuard> guards;

	private final InOrder<AppRelations> apps;

	private final org.springframework.context.ApplicationEventPublisher events;

	private final Clock clock;

	AccessGate(AuditTrail audit, ObjectProvider<CareTeam> careTeams, ObjectProvider<Proxies> proxies,
			BreakGlassStore breakGlass, ObjectProvider<ReadGuard> guards, ObjectProvider<AppRelations> apps,
			Clock clock, org.springframework.context.ApplicationEventPublisher events) {
		this.apps = new InOrder<>(apps);
		this.events = events;
		this.guards = new InOrder<>(guards);
		this.audit = audit;
		this.careTeams = new InOrder<>(careTeams);
		this.proxies = new InOrder<>(proxies);
		this.breakGlass = breakGlass;
		this.clock = clock;
	}

	/**
	 * Decides, records the decision durably, and answers.
	 * @param subject who asks
	 * @param patient whose data
	 * @param action what
	 * @param objectRef which record or document, for the audit (an opaque id), or
	 * {@code null}
	 * @return a grant for that patient and action, valid for a minute
	 * @throws AccessDenied when the answer is no (also recorded)
	 */
	public Grant require(Subject subject, PatientId patient, Action action, String objectRef) {
		Decision decision = decide(subject, patient, action);
		Said said = guard(subject, patient, action, objectRef, decision);
		ReadGuard.Verdict verdict = said.verdict();
		if (said.charge() != null && verdict == ReadGuard.Verdict.PASS) {
			return settled(subject, patient, action, objectRef, decision, said,
					this.audit.recordAccess(record(subject, patient, action, decision, objectRef), ruling(said)));
		}
		if (verdict != ReadGuard.Verdict.PASS && decision.allowed()) {
			decision = decision.refused(refusalReason(verdict));
		}
		this.audit.recordAccess(record(subject, patient, action, decision, objectRef));
		return answered(subject, patient, action, objectRef, decision, verdict);
	}

	/**
	 * Decides on an object presumed to be a given patient's (a document asked for by its
	 * owner, say), and reads the object in the statement that records the decision: one
	 * round trip to the database where learning whose the object is first would take two.
	 * Only a decision that would be allowed, with nothing refusing it but a guard's charge,
	 * is made this way; when it would not be, or the object turns out not to be as
	 * presumed, nothing is recorded or charged and the answer is empty, for the caller to
	 * read the object and decide with {@link #require} as usual.
	 * @param subject who asks
	 * @param patient whose the object is presumed to be
	 * @param action what
	 * @param objectRef which object, for the audit
	 * @param object the object's row, read only if it is the patient's
	 * @return a grant with the object, or empty
	 * @throws AccessDenied when a guard's charge refuses the read (also recorded), or
	 * {@link StepUpRequired} or {@link SessionLocked} when its refusal says so
	 */
	public <T> Optional<Granted<T>> requirePresumed(Subject subject, PatientId patient, Action action,
			String objectRef, nz.tiaki.audit.Presumption<T> object) {
		Decision decision = decide(subject, patient, action);
		if (!decision.allowed()) {
			return Optional.empty();
		}
		Said said = guard(subject, patient, action, objectRef, decision);
		if (said.verdict() != ReadGuard.Verdict.PASS) {
			return Optional.empty();
		}
		Ruling ruling = said.charge() != null ? ruling(said) : UNCHARGED;
		return this.audit.recordAccess(record(subject, patient, action, decision, objectRef), ruling, object)
			.map(ruled -> new Granted<>(settled(subject, patient, action, objectRef, decision, said, ruled.refusal()),
					ruled.object()));
	}

	/**
	 * A grant with the object it was made on.
	 * @param grant the grant
	 * @param object the object
	 * @param <T> the object
	 */
	public record Granted<T>(Grant grant, T object) {

		@Override
		public String toString() {
			return "Granted[" + this.grant + "]";
		}

	}

	/** A ruling that refuses nothing, for a decision no guard charges. */
	private static final Ruling UNCHARGED = new Ruling("ruling as (select 0 as refusal)", Map.of(), List.of());

	private static Ruling ruling(Said said) {
		return new Ruling(said.charge().with(), said.charge().params(),
				said.charge().refusals().stream().map(AccessGate::refusalReason).toList());
	}

	/**
	 * The answer to an allowed decision as the database settled it: 0 lets it stand, k is
	 * the k-th refusal of the guard's charge (a decision nobody charged is never refused).
	 */
	private Grant settled(Subject subject, PatientId patient, Action action, String objectRef, Decision decision,
			Said said, int refusal) {
		if (refusal == 0) {
			return answered(subject, patient, action, objectRef, decision, ReadGuard.Verdict.PASS);
		}
		ReadGuard.Verdict verdict = said.charge().refusals().get(refusal - 1);
		return answered(subject, patient, action, objectRef, decision.refused(refusalReason(verdict)), verdict);
	}

	/** Tells the guards what was recorded, then refuses as the verdict and decision say, or grants. */
	private Grant answered(Subject subject, PatientId patient, Action action, String objectRef, Decision decision,
			ReadGuard.Verdict verdict) {
		recorded(subject, patient, action, objectRef, decision.allowed(), verdict);
		refuseFor(verdict);
		if (!decision.allowed()) {
			throw new AccessDenied();
		}
		return new Grant(subject, patient, Set.of(action), this.clock.instant().plus(GRANT_LIFETIME),
				decision.breakGlass());
	}

	private static String refusalReason(ReadGuard.Verdict verdict) {
		return "guard-" + verdict.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	/**
	 * What the guards said: the strongest verdict, and the charge one of them asks to be
	 * settled as the decision is recorded, if any (at most one guard may charge a read).
	 */
	private record Said(ReadGuard.Verdict verdict, ReadGuard.Charge charge) {

		/** The verdict, where no read can be charged (a list, a refusal). */
		ReadGuard.Verdict uncharged() {
			if (this.charge != null) {
				throw new IllegalStateException("A guard charged a read that cannot be charged");
			}
			return this.verdict;
		}

	}

	private Said guard(Subject subject, PatientId patient, Action action, String objectRef, Decision decision) {
		ReadGuard.Verdict verdict = ReadGuard.Verdict.PASS;
		ReadGuard.Charge charge = null;
		for (ReadGuard guard : this.guards.get()) {
			ReadGuard.Check said = guard.check(subject, patient, action, objectRef, decision.allowed());
			if (said instanceof ReadGuard.Charge charged) {
				if (charge != null) {
					throw new IllegalStateException("Two guards charged one read");
				}
				charge = charged;
			}
			else if (said instanceof ReadGuard.Verdict given && given.ordinal() > verdict.ordinal()) {
				verdict = given;
			}
		}
		return new Said(verdict, charge);
	}

	private void recorded(Subject subject, PatientId patient, Action action, String objectRef, boolean allowed,
			ReadGuard.Verdict verdict) {
		this.guards.get().forEach(guard -> guard.recorded(subject, patient, action, objectRef, allowed, verdict));
	}

	private static void refuseFor(ReadGuard.Verdict verdict) {
		switch (verdict) {
			case STEP_UP -> throw new StepUpRequired();
			case REASON -> throw new ReasonRequired();
			case LOCKED, CANARY -> throw new SessionLocked();
			default -> {
			}
		}
	}

	/**
	 * Decides for many patients at once (a list page), recording every decision.
	 * @param subject who asks
	 * @param patients whose data
	 * @param action what
	 * @return grants for the patients allowed, in the order given; the rest are left out
	 */
	public Map<PatientId, Grant> requireEach(Subject subject, List<PatientId> patients, Action action) {
		Map<PatientId, Grant> grants = new LinkedHashMap<>();
		List<AccessRecord> records = new ArrayList<>(patients.size());
		Instant expires = this.clock.instant().plus(GRANT_LIFETIME);
		for (PatientId patient : patients) {
			Decision decision = decide(subject, patient, action);
			ReadGuard.Verdict verdict = guard(subject, patient, action, LIST, decision).uncharged();
			if (verdict == ReadGuard.Verdict.LOCKED) {
				this.audit.recordAccesses(records);
				this.audit.recordAccess(record(subject, patient, action,
						decision.refused(refusalReason(verdict)), LIST));
				throw new SessionLocked();
			}
			if (verdict == ReadGuard.Verdict.CANARY) {
				decision = decision.refused(refusalReason(verdict));
				this.audit.recordAccesses(records);
				this.audit.recordAccess(record(subject, patient, action, decision, LIST));
				recorded(subject, patient, action, LIST, false, verdict);
				throw new SessionLocked();
			}
			records.add(record(subject, patient, action, decision, LIST));
			if (decision.allowed()) {
				grants.put(patient, new Grant(subject, patient, Set.of(action), expires, decision.breakGlass()));
			}
		}
		this.audit.recordAccesses(records);
		return grants;
	}

	/**
	 * Records a request for something that does not exist, exactly as a denial is
	 * recorded, so a missing object and a forbidden one cost the same and leave the same
	 * trace.
	 * @param subject who asked
	 * @param action what
	 * @param objectRef what they asked for
	 */
	public void recordUnknown(Subject subject, Action action, String objectRef) {
		Decision decision = Decision.deny("unknown-object");
		ReadGuard.Verdict verdict = guard(subject, null, action, objectRef, decision).uncharged();
		this.audit.recordAccess(record(subject, null, action, decision, objectRef));
		recorded(subject, null, action, objectRef, false, verdict);
		refuseFor(verdict);
	}

	/**
	 * Opens emergency access: a doctor or nurse outside the patient's care team states why,
	 * and may read that one patient's record for 60 minutes. Recorded, flagged and shown to
	 * the patient.
	 * @param clinician the staff member
	 * @param patient the patient
	 * @param reason why, in the clinician's words (at least 10 characters)
	 * @throws AccessDenied when the subject is not an active doctor or nurse, or gives no
	 * reason
	 */
	@Transactional
	public void breakGlass(Subject clinician, PatientId patient, String reason) {
		boolean clinicianRole = clinician.kind() == Subject.Kind.STAFF && this.careTeams.get().stream()
			.map(team -> team.roleOf(clinician.id()))
			.flatMap(Optional::stream)
			.anyMatch(role -> role.equals("DOCTOR") || role.equals("NURSE"));
		boolean explained = reason != null && reason.strip().length() >= 10;
		Decision decision = clinicianRole && explained ? new Decision(true, "break-glass-opened", true, null)
				: Decision.deny(clinicianRole ? "break-glass-no-reason" : "break-glass-not-clinician");
		this.audit.recordAccess(new AccessRecord(clinician.accountId(), clinician.kind().name(), clinician.id(), null,
				patient.value(), "BREAK_GLASS", Purpose.EMERGENCY.name(), decision.allowed(), decision.reason(), null,
				true));
		if (!decision.allowed()) {
			throw new AccessDenied();
		}
		Instant now = this.clock.instant();
		this.breakGlass.open(clinician.id(), clinician.accountId(), patient, reason.strip(), now,
				now.plus(BREAK_GLASS_LIFETIME));
		this.events.publishEvent(new EmergencyAccessOpened(patient, now));
	}

	private AccessRecord record(Subject subject, PatientId patient, Action action, Decision decision,
			String objectRef) {
		return new AccessRecord(subject.accountId(), subject.kind().name(), subject.id(), decision.onBehalfOf(),
				patient == null ? null : patient.value(), action.name(), decision.purpose().name(), decision.allowed(),
				decision.reason(), objectRef, decision.breakGlass());
	}

	Decision decide(Subject subject, PatientId patient, Action action) {
		switch (subject.kind()) {
			case PATIENT -> {
				if (subject.id().equals(patient.value())) {
					return SELF.contains(action) ? Decision.allow("self")
							: Decision.deny("self-may-not-" + action.name().toLowerCase());
				}
				for (Proxies source : this.proxies.get()) {
					for (String scope : source.scopesFor(subject.id(), patient)) {
						if (PROXY_SCOPES.getOrDefault(scope, Set.of()).contains(action)) {
							return new Decision(true, "proxy:" + scope.toLowerCase(), false, patient.value());
						}
					}
				}
				return Decision.deny("no-relationship");
			}
			case STAFF -> {
				Optional<String> role = this.careTeams.get().stream()
					.map(team -> team.roleFor(subject.id(), patient))
					.flatMap(Optional::stream)
					.findFirst();
				if (role.isPresent()) {
					boolean clinician = role.get().equals("DOCTOR") || role.get().equals("NURSE");
					Set<Action> allowed = clinician ? CLINICIAN : FRONT_DESK;
					return allowed.contains(action)
							? Decision.allow("care-team:" + role.get().toLowerCase())
							: Decision.deny("role-" + role.get().toLowerCase() + "-may-not-" + action.name().toLowerCase());
				}
				if (EMERGENCY.contains(action) && this.breakGlass.active(subject.id(), patient, this.clock.instant())) {
					return new Decision(true, "break-glass", true, null);
				}
				return Decision.deny("no-relationship");
			}
			case APP -> {
				if (this.apps.get().stream().noneMatch(relations -> relations.serves(subject.id(), patient))) {
					return Decision.deny("no-relationship");
				}
				return PRACTICE_SYSTEM.contains(action) ? Decision.allow("practice-system")
						: Decision.deny("practice-system-may-not-" + action.name().toLowerCase());
			}
			case SYSTEM -> {
				return Decision.allow("system-job");
			}
			default -> {
				return Decision.deny("no-relationship");
			}
		}
	}

	/**
	 * @param purpose why, as the audit records it: taken from the rule that decided, and
	 * kept when a guard refuses the read after all
	 */
	record Decision(boolean allowed, String reason, boolean breakGlass, java.util.UUID onBehalfOf, Purpose purpose) {

		Decision(boolean allowed, String reason, boolean breakGlass, java.util.UUID onBehalfOf) {
			this(allowed, reason, breakGlass, onBehalfOf, purposeOf(reason, breakGlass, onBehalfOf));
		}

		static Decision allow(String reason) {
			return new Decision(true, reason, false, null);
		}

		static Decision deny(String reason) {
			return new Decision(false, reason, false, null);
		}

		/** This decision refused by a guard: who acts, for whom and why stay as they were. */
		Decision refused(String reason) {
			return new Decision(false, reason, this.breakGlass, this.onBehalfOf, this.purpose);
		}

		private static Purpose purposeOf(String reason, boolean breakGlass, java.util.UUID onBehalfOf) {
			if (breakGlass) {
				return Purpose.EMERGENCY;
			}
			if (onBehalfOf != null) {
				return Purpose.PROXY;
			}
			if (reason.equals("self") || reason.startsWith("self-")) {
				return Purpose.SELF_SERVICE;
			}
			if (reason.equals("system-job")) {
				return Purpose.SYSTEM;
			}
			if (reason.startsWith("care-team:doctor") || reason.startsWith("care-team:nurse")) {
				return Purpose.CARE;
			}
			if (reason.startsWith("care-team:")) {
				return Purpose.ADMINISTRATION;
			}
			return Purpose.CARE;
		}

	}

	/**
	 * Beans of a type in their order, looked up on first use and then kept: they are
	 * singletons, fixed once the portal runs, and finding them again on every decision was
	 * about a tenth of the portal's own time in a profile of document downloads.
	 */
	private static final class InOrder<T> {

		private final ObjectProvider<T> provider;

		private volatile List<T> beans;

		InOrder(ObjectProvider<T> provider) {
			this.provider = provider;
		}

		List<T> get() {
			List<T> found = this.beans;
			if (found == null) {
				found = this.provider.orderedStream().toList();
				this.beans = found;
			}
			return found;
		}

	}

}
