package nz.tiaki.clinics;

import nz.tiaki.shared.ids.PracticeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.AccessGate;
import nz.tiaki.access.Action;
import nz.tiaki.access.CareTeam;
import nz.tiaki.access.Subject;
import nz.tiaki.access.SubjectNames;
import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;
import nz.tiaki.identity.AccountAuthorities;
import nz.tiaki.identity.AccountHolder;
import nz.tiaki.identity.Accounts;
import nz.tiaki.identity.InvitationRejected;
import nz.tiaki.identity.Invitations;
import nz.tiaki.identity.IssuedInvitation;
import nz.tiaki.identity.SignedInAccount;
import nz.tiaki.patients.NewPatient;
import nz.tiaki.patients.PatientRejected;
import nz.tiaki.patients.PatientSummary;
import nz.tiaki.patients.Patients;
import nz.tiaki.records.ReleaseDelays;
import nz.tiaki.shared.ids.PatientId;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Practices: their staff, their patient lists and their invitations. Staff act only within
 * their own practice; anything outside it answers {@link NotFound}.
 */
@Service
public class Practices implements AccountAuthorities, CareTeam, ReleaseDelays, SubjectNames,
		nz.tiaki.access.SubjectPractices {

	private final ClinicStore store;

	private final Patients patients;

	private final Accounts accounts;

	private final Invitations invitations;

	private final AuditTrail audit;

	private final AccessGate gate;

	Practices(ClinicStore store, Patients patients, Accounts accounts, Invitations invitations, AuditTrail audit,
			AccessGate gate) {
		this.gate = gate;
		this.store = store;
		this.patients = patients;
		this.accounts = accounts;
		this.invitations = invitations;
		this.audit = audit;
	}

	/**
	 * @param name the practice's name
	 * @return the new practice
	 */
	@Transactional
	public PracticeId create(String name) {
		PracticeId id = new PracticeId(UUID.randomUUID());
		this.store.insertPractice(id, name);
		return id;
	}

	/**
	 * @return whether any practice exists yet
	 */
	@Transactional(readOnly = true)
	public boolean any() {
		return this.store.practiceCount() > 0;
	}

	/**
	 * @param practice a practice
	 * @return its name
	 */
	@Transactional(readOnly = true)
	public String name(PracticeId practice) {
		return this.store.practiceName(practice).orElseThrow(NotFound::new);
	}

	/**
	 * @param practice a practice
	 * @return the age at which a parent's link to a child's record ends there
	 */
	@Transactional(readOnly = true)
	public int parentLinkAge(PracticeId practice) {
		return this.store.parentLinkAge(practice);
	}

	/**
	 * An administrator sets the age at which parents' links to children's records end (links
	 * already made keep the end they were given).
	 * @param admin a practice administrator
	 * @param age between 12 and 16
	 * @throws StaffRejected when the age is outside that range
	 */
	@Transactional
	public void parentLinkAge(StaffMember admin, int age) {
		requireAdmin(admin);
		if (age < 12 || age > 16) {
			throw new StaffRejected("Choose an age from 12 to 16.");
		}
		this.store.parentLinkAge(admin.practice(), age);
		this.audit.record(SecurityEventType.PARENT_LINK_AGE_SET,
				this.accounts.current().map(a -> a.id().value()).orElse(null), "age:" + age);
	}

	/**
	 * Adds a staff member without an account yet.
	 * @param practice where they work
	 * @param displayName their name
	 * @param email their work address
	 * @param role what they do
	 * @return the new staff member
	 * @throws StaffRejected when the name or address is missing or the address is taken
	 */
	@Transactional
	public StaffMember addStaff(PracticeId practice, String displayName, String email, StaffRole role) {
		String name = displayName == null ? "" : displayName.strip();
		String address = email == null ? "" : email.strip();
		if (name.isEmpty() || name.length() > 100) {
			throw new StaffRejected("Enter the person's name (at most 100 characters).");
		}
		if (!address.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") || address.length() > 254) {
			throw new StaffRejected("Enter a valid e-mail address, like name@example.com.");
		}
		if (role == null) {
			throw new StaffRejected("Choose a role.");
		}
		if (this.store.staffEmailTaken(practice, address)) {
			throw new StaffRejected("Someone at this practice already uses that e-mail address.");
		}
		StaffMember member = new StaffMember(UUID.randomUUID(), practice, name, address, role, true);
		this.store.insertStaff(member);
		return member;
	}

	/**
	 * Registers a new patient and enrols them at the practice, in one transaction: the
	 * registry entry, the enrolment, then the sealed identity, written with the gate's grant.
	 * @param registrar who registers (a staff member of the practice, or a system job)
	 * @param practice where they enrol
	 * @param patient who
	 * @return the new patient
	 * @throws PatientRejected when the NHI is already registered
	 * @throws AccessDenied when the registrar may not write demographics for the practice
	 */
	@Transactional
	public PatientId registerPatient(Subject registrar, PracticeId practice, NewPatient patient) {
		PatientId id = this.patients.reserve(patient);
		this.store.enrol(practice, id.value());
		this.patients.writeIdentity(this.gate.require(registrar, id, Action.WRITE_DEMOGRAPHICS, "registration"),
				patient);
		return id;
	}

	/**
	 * @param staff a staff member
	 * @return them as the access gate knows them, with the signed-in account
	 */
	private Subject subjectOf(StaffMember staff) {
		return new Subject(Subject.Kind.STAFF, staff.id(),
				this.accounts.current().map(a -> a.id().value()).orElse(null));
	}

	/**
	 * @return the staff member signed in now, if the current account is an active staff
	 * member's
	 */
	@Transactional(readOnly = true)
	public Optional<StaffMember> currentStaff() {
		return this.accounts.current()
			.map(SignedInAccount::holder)
			.filter(h -> h.kind() == AccountHolder.Kind.STAFF)
			.flatMap(h -> this.store.staff(h.id()))
			.filter(StaffMember::active);
	}

	/** How many patients one page of a practice's list shows. */
	public static final int PATIENT_PAGE = 50;

	/**
	 * One page of the patients enrolled at the staff member's practice, most recently
	 * enrolled first: the gate decides for the patients on the page only, so opening the
	 * list costs the same for a practice of 40 patients as for one of 40,000.
	 * @param staff the asking staff member
	 * @param after where the previous page ended, or {@code null} for the first page
	 * @return the page, with their portal access, and where the next one starts
	 */
	@Transactional(readOnly = true)
	public PatientListPage patientList(StaffMember staff, PatientListPage.Position after) {
		List<PatientListPage.Position> positions = this.store.enrolledPage(staff.practice(), after, PATIENT_PAGE + 1);
		boolean more = positions.size() > PATIENT_PAGE;
		List<PatientListPage.Position> shown = more ? positions.subList(0, PATIENT_PAGE) : positions;
		List<PatientId> ids = shown.stream().map(p -> new PatientId(p.patient())).toList();
		Map<PatientId, PatientSummary> byId = new java.util.HashMap<>();
		for (PatientSummary found : this.patients
			.findAll(this.gate.requireEach(subjectOf(staff), ids, Action.READ_DEMOGRAPHICS).values())) {
			byId.put(found.id(), found);
		}
		List<UUID> patientIds = byId.keySet().stream().map(PatientId::value).toList();
		Set<UUID> active = this.accounts.withAccounts(AccountHolder.Kind.PATIENT, patientIds);
		Set<UUID> reset = this.accounts.awaitingReset(AccountHolder.Kind.PATIENT, patientIds);
		List<EnrolledPatient> list = new ArrayList<>(byId.size());
		for (PatientId id : ids) {
			PatientSummary patient = byId.get(id);
			if (patient == null) {
				continue;
			}
			EnrolledPatient.PortalAccess access = active.contains(id.value())
					? EnrolledPatient.PortalAccess.ACTIVE
					: this.invitations.waiting(AccountHolder.patient(id.value()))
							? EnrolledPatient.PortalAccess.INVITED
							: reset.contains(id.value()) ? EnrolledPatient.PortalAccess.RESET
									: EnrolledPatient.PortalAccess.NONE;
			list.add(new EnrolledPatient(patient, access));
		}
		return new PatientListPage(list, this.store.enrolledCount(staff.practice()), after != null,
				more ? shown.get(shown.size() - 1) : null);
	}

	/**
	 * @param staff the asking staff member
	 * @param patient a patient
	 * @return the patient, if enrolled at the staff member's practice
	 * @throws NotFound otherwise, exactly as for a patient that does not exist
	 */
	@Transactional(readOnly = true)
	public PatientSummary patientOfPractice(StaffMember staff, PatientId patient) {
		try {
			return this.patients
				.find(this.gate.require(subjectOf(staff), patient, Action.READ_DEMOGRAPHICS, null))
				.orElseThrow(NotFound::new);
		}
		catch (AccessDenied ex) {
			throw new NotFound();
		}
	}

	/**
	 * Invites a patient of the staff member's practice to the portal. Audited.
	 * @param staff the asking staff member
	 * @param patient the patient
	 * @param email the address their account will sign in with
	 * @return the code, to print or send
	 * @throws NotFound when the patient is not enrolled at this practice
	 * @throws InvitationRejected when the address is not valid or they already have an
	 * account
	 */
	@Transactional
	public IssuedInvitation invitePatient(StaffMember staff, PatientId patient, String email) {
		PatientSummary found = patientOfPractice(staff, patient);
		return this.invitations.issue(AccountHolder.patient(patient.value()), found.birthDate(), email,
				this.accounts.current().orElseThrow().id());
	}

	/**
	 * @param admin the asking practice administrator
	 * @return the practice's staff, with whether each has an account
	 */
	@Transactional(readOnly = true)
	public List<StaffListing> staffList(StaffMember admin) {
		requireAdmin(admin);
		List<StaffMember> staff = this.store.staffOf(admin.practice());
		List<UUID> ids = staff.stream().map(StaffMember::id).toList();
		Set<UUID> withAccounts = this.accounts.withAccounts(AccountHolder.Kind.STAFF, ids);
		Set<UUID> reset = this.accounts.awaitingReset(AccountHolder.Kind.STAFF, ids);
		java.util.Map<UUID, String> cpns = this.store.hpiPersonIds(admin.practice());
		return staff.stream()
			.map(s -> new StaffListing(s, withAccounts.contains(s.id()), reset.contains(s.id()), cpns.get(s.id())))
			.toList();
	}

	/**
	 * Adds a staff member and issues their set-up code. Audited.
	 * @param admin the asking practice administrator
	 * @param displayName the new member's name
	 * @param email their work address
	 * @param role their role
	 * @return the set-up code, to give them
	 */
	@Transactional
	public IssuedInvitation inviteStaff(StaffMember admin, String displayName, String email, StaffRole role) {
		requireAdmin(admin);
		StaffMember member = addStaff(admin.practice(), displayName, email, role);
		this.audit.record(SecurityEventType.STAFF_ADDED, this.accounts.current().orElseThrow().id().value(),
				role.name());
		try {
			return this.invitations.issue(AccountHolder.staff(member.id()), null, member.email(),
					this.accounts.current().orElseThrow().id());
		}
		catch (InvitationRejected ex) {
			throw new StaffRejected(ex.getMessage());
		}
	}

	/**
	 * A practice's Health Provider Index identifiers, either of which may be missing.
	 *
	 * @param organisationId its HPI organisation id
	 * @param facilityId the HPI facility id of where it works from
	 */
	public record PracticeHpi(String organisationId, String facilityId) {
	}

	/**
	 * @param practice a practice
	 * @return its HPI identifiers, as far as it has given them
	 */
	@Transactional(readOnly = true)
	public PracticeHpi hpi(PracticeId practice) {
		return this.store.practiceHpi(practice);
	}

	/**
	 * @param staffId a staff member
	 * @return their HPI Common Person Number, if the practice gave it
	 */
	@Transactional(readOnly = true)
	public Optional<String> hpiPersonId(UUID staffId) {
		return this.store.hpiPersonId(staffId);
	}

	/**
	 * Sets (or, given blanks, clears) the practice's HPI organisation and facility ids, each
	 * checked, check letter included. Audited.
	 * @param admin the asking practice administrator
	 * @param organisationId as typed
	 * @param facilityId as typed
	 * @throws StaffRejected naming the problem; nothing is changed then
	 */
	@Transactional
	public void setHpi(StaffMember admin, String organisationId, String facilityId) {
		requireAdmin(admin);
		PracticeHpi hpi;
		try {
			hpi = new PracticeHpi(blank(organisationId) ? null : Hpi.organisationId(organisationId),
					blank(facilityId) ? null : Hpi.facilityId(facilityId));
		}
		catch (Hpi.InvalidHpi ex) {
			throw new StaffRejected(ex.getMessage());
		}
		if (hpi.organisationId() != null && this.store.hpiOrganisationIdTaken(admin.practice(), hpi.organisationId())) {
			throw new StaffRejected("Another practice in Tiaki already has that HPI organisation id.");
		}
		this.store.setPracticeHpi(admin.practice(), hpi);
		this.audit.record(SecurityEventType.PRACTICE_SETTINGS_CHANGED, this.accounts.current().orElseThrow().id().value(),
				"hpi");
	}

	/**
	 * Sets (or, given a blank, clears) a staff member's HPI Common Person Number. Audited.
	 * @param admin the asking practice administrator
	 * @param staffId the staff member
	 * @param typed the CPN as typed
	 * @throws NotFound when they are not staff of the admin's practice
	 * @throws StaffRejected naming the problem; nothing is changed then
	 */
	@Transactional
	public void setHpiPersonId(StaffMember admin, UUID staffId, String typed) {
		requireAdmin(admin);
		StaffMember member = this.store.staff(staffId)
			.filter(s -> s.practice().equals(admin.practice()))
			.orElseThrow(NotFound::new);
		String cpn;
		try {
			cpn = blank(typed) ? null : Hpi.personId(typed);
		}
		catch (Hpi.InvalidHpi ex) {
			throw new StaffRejected(ex.getMessage());
		}
		if (cpn != null && this.store.hpiPersonIdTaken(admin.practice(), member.id(), cpn)) {
			throw new StaffRejected("Another staff member of this practice already has that HPI number.");
		}
		this.store.setHpiPersonId(member.id(), cpn);
		this.audit.record(SecurityEventType.PRACTICE_SETTINGS_CHANGED, this.accounts.current().orElseThrow().id().value(),
				"hpi-person");
	}

	private static boolean blank(String text) {
		return text == null || text.isBlank();
	}

	/**
	 * Issues a new set-up code to a current staff member who has no working account: the
	 * first code lapsed, or their sign-in was reset when an incident was contained (the code
	 * sets a new password on the same account). Audited.
	 * @param admin the asking practice administrator
	 * @param staffId the staff member
	 * @return the set-up code, to give them in person
	 * @throws NotFound when they are not current staff of the admin's practice
	 * @throws StaffRejected when their account works already
	 */
	@Transactional
	public IssuedInvitation reinviteStaff(StaffMember admin, UUID staffId) {
		requireAdmin(admin);
		StaffMember member = this.store.staff(staffId)
			.filter(s -> s.practice().equals(admin.practice()) && s.active())
			.orElseThrow(NotFound::new);
		try {
			return this.invitations.issue(AccountHolder.staff(member.id()), null, member.email(),
					this.accounts.current().orElseThrow().id());
		}
		catch (InvitationRejected ex) {
			throw new StaffRejected(ex.getMessage());
		}
	}

	/**
	 * Ends a staff member's access: they leave the practice and every session ends.
	 * Audited.
	 * @param admin the asking practice administrator
	 * @param staffId the staff member
	 * @throws NotFound when they are not staff of the admin's practice
	 * @throws StaffRejected when an administrator tries to remove themselves
	 */
	@Transactional
	public void removeStaff(StaffMember admin, UUID staffId) {
		requireAdmin(admin);
		StaffMember member = this.store.staff(staffId)
			.filter(s -> s.practice().equals(admin.practice()))
			.orElseThrow(NotFound::new);
		if (member.id().equals(admin.id())) {
			throw new StaffRejected("You cannot remove your own access. Ask another administrator.");
		}
		this.store.deactivate(member.id());
		this.accounts.disable(AccountHolder.staff(member.id()), this.accounts.current().orElseThrow().id());
	}

	/**
	 * Ends every staff member's access to a practice that is leaving the portal: each is
	 * made inactive and their account disabled, every session of theirs ended.
	 * @param practice the practice
	 * @return how many staff lost access
	 */
	@Transactional
	public int endAllStaff(PracticeId practice) {
		int ended = 0;
		for (StaffMember member : this.store.staffOf(practice)) {
			this.store.deactivate(member.id());
			this.accounts.disable(AccountHolder.staff(member.id()), null);
			ended++;
		}
		return ended;
	}

	/**
	 * A patient is no longer enrolled at a practice (it left the portal).
	 * @param practice the practice
	 * @param patient the patient
	 */
	@Transactional
	public void unenrol(PracticeId practice, PatientId patient) {
		this.store.unenrol(practice, patient.value());
	}

	/**
	 * @param practice a practice that has left the portal
	 * @param at when
	 */
	@Transactional
	public void markDeparted(PracticeId practice, java.time.Instant at) {
		this.store.departed(practice, at);
	}

	private static void requireAdmin(StaffMember staff) {
		if (staff.role() != StaffRole.PRACTICE_ADMIN || !staff.active()) {
			throw new NotFound();
		}
	}

	@Override
	public Optional<String> roleFor(UUID staffId, PatientId patient) {
		return this.store.staff(staffId)
			.filter(StaffMember::active)
			.filter(s -> this.store.enrolled(s.practice(), patient.value()))
			.map(s -> s.role().name());
	}

	@Override
	public Optional<java.time.Duration> delayFor(Subject author) {
		if (author.kind() != Subject.Kind.STAFF) {
			return Optional.empty();
		}
		return this.store.staff(author.id())
			.map(s -> java.time.Duration.ofDays(this.store.releaseDelayDays(s.practice())));
	}

	/**
	 * @param staffId a staff member
	 * @return their practice
	 */
	@Transactional(readOnly = true)
	public Optional<PracticeId> practiceOfStaff(UUID staffId) {
		return this.store.staff(staffId).map(StaffMember::practice);
	}

	/**
	 * @param patient a patient
	 * @return the practices they are enrolled at, earliest first
	 */
	@Transactional(readOnly = true)
	public List<PracticeId> practicesOf(PatientId patient) {
		return this.store.practicesOf(patient.value()).stream().map(PracticeId::new).toList();
	}

	/**
	 * @param staffId a staff member's id
	 * @return them, if they exist
	 */
	@Transactional(readOnly = true)
	/**
	 * Staff write for their practice; a system job (seeding, an import run by an operator)
	 * for the patient's practice when they are enrolled at exactly one.
	 */
	@Override
	public Optional<PracticeId> practiceOf(Subject author, PatientId patient) {
		if (author.kind() == Subject.Kind.STAFF) {
			return staffMember(author.id()).map(StaffMember::practice);
		}
		if (author.kind() == Subject.Kind.SYSTEM) {
			List<PracticeId> enrolled = practicesOf(patient);
			return enrolled.size() == 1 ? Optional.of(enrolled.get(0)) : Optional.empty();
		}
		return Optional.empty();
	}

	public Optional<StaffMember> staffMember(UUID staffId) {
		return this.store.staff(staffId);
	}

	/**
	 * @param practice a practice
	 * @return the work addresses of its privacy officers (its active practice
	 * administrators), who are told of security alerts
	 */
	@Transactional(readOnly = true)
	public List<String> privacyOfficerAddresses(PracticeId practice) {
		return this.store.staffOf(practice)
			.stream()
			.filter(StaffMember::active)
			.filter(member -> member.role() == StaffRole.PRACTICE_ADMIN)
			.map(StaffMember::email)
			.filter(email -> email != null && !email.isBlank())
			.toList();
	}

	/**
	 * @param practice a practice
	 * @return its active doctors and nurses, for the directory patients and apps may see
	 */
	@Transactional(readOnly = true)
	public List<StaffMember> clinicians(PracticeId practice) {
		return this.store.staffOf(practice)
			.stream()
			.filter(StaffMember::active)
			.filter(member -> member.role() == StaffRole.DOCTOR || member.role() == StaffRole.NURSE)
			.toList();
	}

	/**
	 * @param practice a practice
	 * @return the ids of its enrolled patients (ids only: reading anything about them is
	 * the gate's decision)
	 */
	@Transactional(readOnly = true)
	public List<PatientId> enrolledAt(PracticeId practice) {
		return this.store.enrolledPatients(practice).stream().map(PatientId::new).toList();
	}

	/**
	 * @param staff a staff member
	 * @return them as the access gate knows them
	 */
	public Subject subject(StaffMember staff) {
		return subjectOf(staff);
	}

	@Override
	public java.util.Map<UUID, String> describeStaff(java.util.Collection<UUID> staffIds) {
		java.util.Map<UUID, String> names = new java.util.HashMap<>();
		for (UUID id : staffIds) {
			this.store.staff(id)
				.ifPresent(s -> names.put(id, s.displayName() + ", " + s.role().label() + ", "
						+ this.store.practiceName(s.practice()).orElse("a practice")));
		}
		return names;
	}

	@Override
	public Optional<String> roleOf(UUID staffId) {
		return this.store.staff(staffId).filter(StaffMember::active).map(s -> s.role().name());
	}

	@Override
	public Set<String> rolesOf(AccountHolder holder) {
		if (holder.kind() != AccountHolder.Kind.STAFF) {
			return Set.of();
		}
		return this.store.staff(holder.id())
			.filter(StaffMember::active)
			.map(s -> Set.of("STAFF", s.role().name()))
			.orElse(Set.of());
	}

	/**
	 * A staff member on the practice's list.
	 *
	 * @param member who
	 * @param hasAccount whether they have set up their account
	 */
	public record StaffListing(StaffMember member, boolean hasAccount, boolean reset, String hpiPersonId) {
	}

}
