package nz.tiaki.patients;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import nz.tiaki.access.AccessGate;
import nz.tiaki.access.Action;
import nz.tiaki.access.Grant;
import nz.tiaki.access.Subject;
import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;
import nz.tiaki.identity.AccountHolder;
import nz.tiaki.identity.Accounts;
import nz.tiaki.shared.ids.PatientId;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Patients letting another account holder act for them — for appointments only, for
 * everyday things (appointments, repeat prescriptions, messages), or for everything — until
 * a date or until they end it. The gate reads these arrangements on every decision; the
 * audit and the patient's access history name the proxy.
 */
@Service
public class ProxyArrangements implements nz.tiaki.access.SubjectNames {

	static final ZoneId ZONE = ZoneId.of("Pacific/Auckland");

	private final ProxyStore store;

	private final Accounts accounts;

	private final AccessGate gate;

	private final Patients patients;

	private final AuditTrail audit;

	private final Clock clock;

	ProxyArrangements(ProxyStore store, Accounts accounts, AccessGate gate, Patients patients, AuditTrail audit,
			Clock clock) {
		this.store = store;
		this.accounts = accounts;
		this.gate = gate;
		this.patients = patients;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * How much a proxy may do.
	 */
	public enum Level {

		/** Book and cancel appointments. */
		APPOINTMENTS("Appointments only", List.of("APPOINTMENTS")),
		/** Appointments, repeat prescriptions and messages. */
		EVERYDAY("Appointments, repeat prescriptions and messages", List.of("APPOINTMENTS", "PRESCRIPTIONS", "MESSAGES")),
		/** Everything, including the health record and documents. */
		FULL("Everything, including the health record and documents", List.of("FULL_RECORD"));

		private final String label;

		private final List<String> scopes;

		Level(String label, List<String> scopes) {
			this.label = label;
			this.scopes = scopes;
		}

		/**
		 * @return the level in words
		 */
		public String label() {
			return this.label;
		}

		static Level of(List<String> scopes) {
			for (Level level : values()) {
				if (level.scopes.equals(scopes)) {
					return level;
				}
			}
			return scopes.contains("FULL_RECORD") ? FULL : APPOINTMENTS;
		}

	}

	/**
	 * Someone a patient lets act for them.
	 *
	 * @param id the arrangement
	 * @param address the address the proxy signs in with
	 * @param level what they may do
	 * @param until when it ends, or {@code null} until ended
	 * @param parentLink whether the practice set it up for a parent (it ends when the
	 * patient reaches the practice's age, unless they let it continue)
	 */
	public record Given(UUID id, String address, Level level, Instant until, boolean parentLink) {
	}

	/**
	 * Someone the signed-in person may act for.
	 *
	 * @param patient whom
	 * @param name their name
	 * @param level what the person may do
	 * @param until when it ends, or {@code null}
	 */
	public record Received(PatientId patient, String name, Level level, Instant until) {
	}

	/**
	 * Lets someone act for the patient (replacing any arrangement with the same person).
	 * @param self the patient
	 * @param address the address the other person signs in to Tiaki with
	 * @param level what they may do
	 * @param until the last day, or {@code null} until ended
	 * @throws ProxyRefused when the address or date is unusable
	 */
	@Transactional
	public void grant(Subject self, String address, Level level, LocalDate until) {
		requirePatient(self);
		UUID proxy = lookUp(self, address, "The person needs their own Tiaki account first; their practice can "
				+ "invite them.");
		if (proxy.equals(self.id())) {
			throw new ProxyRefused("That is your own address.");
		}
		Instant ends = null;
		if (until != null) {
			if (!until.isAfter(LocalDate.now(this.clock.withZone(ZONE)))) {
				throw new ProxyRefused("Choose an end date after today, or leave it empty.");
			}
			ends = until.plusDays(1).atStartOfDay(ZONE).toInstant();
		}
		UUID id = UUID.randomUUID();
		this.store.grant(id, new PatientId(self.id()), proxy, level.scopes, ends);
		this.audit.record(SecurityEventType.PROXY_GRANTED, self.accountId(), "arrangement:" + id + " " + level);
	}

	/**
	 * @param self the patient
	 * @param id one of their arrangements
	 * @return whether it was in force and is now ended
	 */
	@Transactional
	public boolean revoke(Subject self, UUID id) {
		requirePatient(self);
		boolean ended = this.store.revoke(id, new PatientId(self.id()));
		if (ended) {
			this.audit.record(SecurityEventType.PROXY_REVOKED, self.accountId(), "arrangement:" + id);
		}
		return ended;
	}

	/**
	 * Ends every arrangement a patient is part of, either way round: for closing their
	 * account. Audited.
	 * @param patient the patient
	 * @param accountId their account, for the audit
	 * @return how many arrangements ended
	 */
	@Transactional
	public int endAllOf(PatientId patient, UUID accountId) {
		int ended = this.store.revokeAllOf(patient);
		if (ended > 0) {
			this.audit.record(SecurityEventType.PROXY_REVOKED, accountId, "closure:" + ended);
		}
		return ended;
	}

	/**
	 * @param self the patient
	 * @return who may act for them now (reading it is a decision of the gate, recorded)
	 */
	@Transactional(readOnly = true)
	public List<Given> given(Subject self) {
		requirePatient(self);
		this.gate.require(self, new PatientId(self.id()), Action.READ_DEMOGRAPHICS, "proxy-arrangements");
		List<Given> list = new ArrayList<>();
		for (ProxyStore.Arrangement arrangement : this.store.inForce("patient_id", self.id())) {
			String address = this.accounts.addressOf(AccountHolder.patient(arrangement.proxy())).orElse("(account closed)");
			list.add(new Given(arrangement.id(), address, Level.of(arrangement.scopes()), arrangement.expiresAt(),
					arrangement.parentLink()));
		}
		return list;
	}

	/**
	 * @param self the signed-in patient
	 * @return whom they may act for now, with names (each read through the gate)
	 */
	@Transactional(readOnly = true)
	public List<Received> received(Subject self) {
		requirePatient(self);
		List<ProxyStore.Arrangement> arrangements = this.store.inForce("proxy_patient_id", self.id());
		List<PatientId> whom = arrangements.stream().map(a -> new PatientId(a.patient())).distinct().toList();
		Map<PatientId, Grant> grants = this.gate.requireEach(self, whom, Action.READ_DEMOGRAPHICS);
		Map<PatientId, String> names = new HashMap<>();
		for (PatientSummary summary : this.patients.findAll(grants.values())) {
			names.put(summary.id(), summary.displayName());
		}
		List<Received> list = new ArrayList<>();
		for (ProxyStore.Arrangement arrangement : arrangements) {
			PatientId patient = new PatientId(arrangement.patient());
			if (names.containsKey(patient)) {
				list.add(new Received(patient, names.get(patient), Level.of(arrangement.scopes()), arrangement.expiresAt()));
			}
		}
		return list;
	}

	/**
	 * The practice links a parent or guardian to a young child's record: full access until
	 * the child's birthday at the given age. Only someone with their own Tiaki account can be
	 * linked. Audited.
	 * @param staff a staff member of the child's practice who may change their details
	 * @param child the child
	 * @param parentAddress the address the parent signs in to Tiaki with
	 * @param untilAge the age at which the link ends
	 * @return when the link ends
	 * @throws ProxyRefused when the child is already that age, or no such account exists
	 * @throws nz.tiaki.access.AccessDenied when the staff member may not do this
	 */
	@Transactional
	public Instant linkParent(Subject staff, PatientId child, String parentAddress, int untilAge) {
		Grant grant = this.gate.require(staff, child, Action.WRITE_DEMOGRAPHICS, "parent-link");
		PatientSummary summary = this.patients.find(grant).orElseThrow(() -> new ProxyRefused("Unknown patient."));
		Instant ends = summary.birthDate().plusYears(untilAge).atStartOfDay(ZONE).toInstant();
		if (!ends.isAfter(this.clock.instant())) {
			throw new ProxyRefused("This patient is already " + untilAge + " or older. They can let someone act for "
					+ "them from their own account.");
		}
		UUID parent = lookUp(staff, parentAddress, "The parent needs their own Tiaki account first.");
		if (parent.equals(child.value())) {
			throw new ProxyRefused("That is the child's own address.");
		}
		UUID id = UUID.randomUUID();
		this.store.linkParent(id, child, parent, Level.FULL.scopes, ends, staff.id());
		this.audit.record(SecurityEventType.PROXY_GRANTED, staff.accountId(), "parent-link:" + id + " until-age:"
				+ untilAge);
		return ends;
	}

	/**
	 * @param staff a staff member of the child's practice
	 * @param child the child
	 * @return the parent links in force (a recorded decision of the gate)
	 */
	@Transactional(readOnly = true)
	public List<Given> parentLinksOf(Subject staff, PatientId child) {
		this.gate.require(staff, child, Action.READ_DEMOGRAPHICS, "parent-links");
		List<Given> list = new ArrayList<>();
		for (ProxyStore.Arrangement arrangement : this.store.inForce("patient_id", child.value())) {
			if (arrangement.parentLink()) {
				list.add(new Given(arrangement.id(), this.accounts.addressOf(AccountHolder.patient(arrangement.proxy()))
					.orElse("(account closed)"), Level.of(arrangement.scopes()), arrangement.expiresAt(), true));
			}
		}
		return list;
	}

	/**
	 * The practice ends a parent link early. Audited.
	 * @param staff a staff member of the child's practice who may change their details
	 * @param child the child
	 * @param id the link
	 * @return whether a link in force ended
	 */
	@Transactional
	public boolean endParentLink(Subject staff, PatientId child, UUID id) {
		this.gate.require(staff, child, Action.WRITE_DEMOGRAPHICS, "parent-link:" + id);
		boolean ended = this.store.revokeParentLink(id, child);
		if (ended) {
			this.audit.record(SecurityEventType.PROXY_REVOKED, staff.accountId(), "parent-link:" + id);
		}
		return ended;
	}

	/**
	 * The young person lets a parent link continue past the practice's age: it becomes an
	 * arrangement of their own, without an end, which they can end at any time. Audited.
	 * @param self the young person
	 * @param id the link
	 * @return whether it was a parent link of theirs, still in force
	 */
	@Transactional
	public boolean continueParentLink(Subject self, UUID id) {
		requirePatient(self);
		boolean continued = this.store.continueParentLink(id, new PatientId(self.id()), this.clock.instant());
		if (continued) {
			this.audit.record(SecurityEventType.PROXY_GRANTED, self.accountId(), "parent-link-continued:" + id);
		}
		return continued;
	}

	/** Addresses that find no account, per account and hour, before lookups stop for the hour. */
	static final int UNKNOWN_ADDRESSES_PER_HOUR = 5;

	/**
	 * Finds the account an address signs in to. Whether an address has an account is itself
	 * personal information, so misses are recorded and, after a few in an hour, no more
	 * lookups are made for that account until the hour is over.
	 */
	private UUID lookUp(Subject asker, String address, String whenUnknown) {
		java.time.Instant hourAgo = this.clock.instant().minus(java.time.Duration.ofHours(1));
		if (asker.accountId() != null && this.audit.countFor(SecurityEventType.PROXY_ADDRESS_UNKNOWN, asker.accountId(),
				hourAgo) >= UNKNOWN_ADDRESSES_PER_HOUR) {
			throw new ProxyRefused("Several addresses you gave were not found, so no more are looked up for an hour. "
					+ "Check the address with the person, then try again later.");
		}
		Optional<UUID> found = this.accounts.patientWithAddress(address);
		if (found.isEmpty()) {
			this.audit.record(SecurityEventType.PROXY_ADDRESS_UNKNOWN, asker.accountId(), null);
			throw new ProxyRefused("We could not find a Tiaki account with that e-mail address. " + whenUnknown);
		}
		return found.get();
	}

	private static void requirePatient(Subject self) {
		if (self.kind() != Subject.Kind.PATIENT) {
			throw new ProxyRefused("Only patients can arrange this.");
		}
	}


	@Override
	public Map<UUID, String> describeStaff(java.util.Collection<UUID> staffIds) {
		return Map.of();
	}

	/**
	 * Names a proxy to the patient who arranged it by the address they sign in with — the
	 * address the patient gave — and only someone who is, or was, their proxy.
	 */
	@Override
	@Transactional(readOnly = true)
	public Map<UUID, String> describeProxies(UUID patient, java.util.Collection<UUID> proxyIds) {
		Map<UUID, String> names = new HashMap<>();
		for (UUID proxy : proxyIds) {
			if (this.store.everArranged(new PatientId(patient), proxy)) {
				this.accounts.addressOf(AccountHolder.patient(proxy)).ifPresent(address -> names.put(proxy, address));
			}
		}
		return names;
	}

}
