package nz.tiaki.support;

import java.security.InvalidKeyException;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.spec.SecretKeySpec;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import nz.tiaki.access.Subject;
import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffMember;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.identity.AccountHolder;
import nz.tiaki.identity.AccountId;
import nz.tiaki.identity.Invitations;
import nz.tiaki.identity.IssuedInvitation;
import nz.tiaki.identity.Redemption;
import nz.tiaki.identity.SecondFactors;
import nz.tiaki.identity.TotpEnrolment;
import nz.tiaki.patients.NewPatient;
import nz.tiaki.patients.Nhi;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;

import org.springframework.context.ApplicationContext;

/**
 * Object mother for people: practices, staff and patients made through the same facades the
 * portal uses, invitations and all. Every name is synthetic.
 */
public final class Fixtures {

	public static final String PASSWORD = "correct horse battery staple";

	/** The system job fixtures register patients as. */
	public static final Subject REGISTRAR = Subject.system(UUID.fromString("00000000-0000-0000-0000-00000000f1f1"));

	private static final String LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";

	/** Marks this run's sign-in addresses, so runs that add people to one database never collide. */
	private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private static final java.util.Set<String> USED_NHIS = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private final ApplicationContext context;

	private final MutableClock clock;

	Fixtures(ApplicationContext context, MutableClock clock) {
		this.context = context;
		this.clock = clock;
	}

	/**
	 * Fixtures over a portal started outside a test (the load harness), whose clock is the
	 * one given.
	 */
	public static Fixtures over(ApplicationContext context, MutableClock clock) {
		return new Fixtures(context, clock);
	}

	public TestPractice practice() {
		Practices practices = this.context.getBean(Practices.class);
		PracticeId id = practices.create("Test Practice " + SEQUENCE.incrementAndGet());
		TestPractice practice = new TestPractice(id, null);
		return new TestPractice(id, staff(practice, StaffRole.PRACTICE_ADMIN));
	}

	/**
	 * @return one of Tiaki's operators, added as the command line adds them, with an
	 * authenticator app
	 */
	public TestAccount operator() {
		int n = SEQUENCE.incrementAndGet();
		String email = "operator" + n + "." + RUN + "@tiaki.example";
		nz.tiaki.incidents.Operators.Added added = this.context.getBean(nz.tiaki.incidents.Operators.class)
			.add(email, "fixtures");
		AccountId account = invitations()
			.redeem(new Redemption(added.invitation().code(), null, email, PASSWORD, PASSWORD));
		return withApp(account, email, added.id());
	}

	public TestAccount staff(TestPractice practice, StaffRole role) {
		int n = SEQUENCE.incrementAndGet();
		String email = "staff" + n + "." + RUN + "@practice" + n + ".example";
		StaffMember member = this.context.getBean(Practices.class)
			.addStaff(practice.id(), "Staff Member " + n, email, role);
		IssuedInvitation invitation = invitations().issue(AccountHolder.staff(member.id()), null, email, null);
		AccountId account = invitations().redeem(new Redemption(invitation.code(), null, email, PASSWORD, PASSWORD));
		return withApp(account, email, member.id());
	}

	public InvitedPatient invitedPatient(TestPractice practice) {
		int n = SEQUENCE.incrementAndGet();
		return invitedPatient(practice, "Given" + n, "Family" + n, n);
	}

	/**
	 * A patient with an account and an authenticator app, named as given (for canary
	 * names).
	 */
	public TestAccount patientNamed(TestPractice practice, String given, String family) {
		InvitedPatient invited = invitedPatient(practice, given, family, SEQUENCE.incrementAndGet());
		AccountId account = invitations()
			.redeem(new Redemption(invited.code(), invited.birthDate(), null, PASSWORD, PASSWORD));
		return withApp(account, invited.email(), invited.id().value());
	}

	private InvitedPatient invitedPatient(TestPractice practice, String given, String family, int n) {
		LocalDate born = LocalDate.of(1950 + n % 50, 1 + n % 12, 1 + n % 28);
		String email = "patient" + n + "." + UUID.randomUUID().toString().substring(0, 6) + "@example.org";
		PatientId id = this.context.getBean(Practices.class)
			.registerPatient(REGISTRAR, practice.id(), new NewPatient(uniqueNhi(), given, family, born, email));
		IssuedInvitation invitation = invitations().issue(AccountHolder.patient(id.value()), born, email, null);
		return new InvitedPatient(id, email, born, invitation.code());
	}

	public TestAccount patient(TestPractice practice) {
		InvitedPatient invited = invitedPatient(practice);
		AccountId account = invitations()
			.redeem(new Redemption(invited.code(), invited.birthDate(), null, PASSWORD, PASSWORD));
		return withApp(account, invited.email(), invited.id().value());
	}

	private TestAccount withApp(AccountId account, String email, UUID holder) {
		SecondFactors factors = this.context.getBean(SecondFactors.class);
		TotpEnrolment app = factors.startTotp(account);
		TestAccount created = new TestAccount(account, email, PASSWORD, app.secret(), holder);
		factors.confirmTotp(account, app, created.codeAt(this.clock), "Test app");
		return created;
	}

	/**
	 * Publishes two 15-minute times for the doctor tomorrow afternoon (through a receptionist
	 * of the practice) and books the first free one for the patient, as the patient.
	 * @return the booked appointment
	 */
	public nz.tiaki.appointments.Appointment bookedAppointment(TestPractice practice, TestAccount doctor,
			TestAccount patient) {
		var appointments = this.context.getBean(nz.tiaki.appointments.Appointments.class);
		var front = this.context.getBean(nz.tiaki.clinics.Practices.class)
			.staffMember(staff(practice, StaffRole.RECEPTIONIST).holderId())
			.orElseThrow();
		var clock = this.context.getBean(java.time.Clock.class);
		appointments.publish(front, doctor.holderId(),
				LocalDate.now(clock.withZone(nz.tiaki.appointments.Appointments.ZONE)).plusDays(1),
				java.time.LocalTime.of(14, 0), java.time.LocalTime.of(14, 30), 15, nz.tiaki.appointments.SlotKind.VIDEO,
				true);
		PatientId whose = new PatientId(patient.holderId());
		return appointments.book(patientSubject(patient), whose,
				appointments.freeSlots(patientSubject(patient), whose).get(0).id());
	}

	/**
	 * @return a patient's NHI, read as a system job would
	 */
	public String nhiOf(PatientId patient) {
		var grant = this.context.getBean(nz.tiaki.access.AccessGate.class)
			.require(REGISTRAR, patient, nz.tiaki.access.Action.READ_DEMOGRAPHICS, "test");
		return this.context.getBean(nz.tiaki.patients.Patients.class).find(grant).orElseThrow().nhi().value();
	}

	/**
	 * @return a signed-in staff member's subject, as the gate sees them
	 */
	public static Subject staffSubject(TestAccount staff) {
		return new Subject(Subject.Kind.STAFF, staff.holderId(), staff.id().value());
	}

	/**
	 * @return a patient's subject, as the gate sees them
	 */
	public static Subject patientSubject(TestAccount patient) {
		return new Subject(Subject.Kind.PATIENT, patient.holderId(), patient.id().value());
	}

	public java.util.List<String> recoveryCodes(TestAccount account) {
		return this.context.getBean(SecondFactors.class).issueRecoveryCodes(account.id());
	}

	private Invitations invitations() {
		return this.context.getBean(Invitations.class);
	}

	/**
	 * @return a valid test-range NHI not used before in this run, from the ZZ block (about
	 * 21,800 numbers) that the population generator leaves alone, so tests and the load
	 * harness can add people to a generated population
	 */
	public static Nhi uniqueNhi() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while (true) {
			String candidate = "ZZ" + LETTERS.charAt(random.nextInt(LETTERS.length()))
					+ String.format("%03d", random.nextInt(1000));
			for (int check = 0; check <= 9; check++) {
				try {
					Nhi nhi = new Nhi(candidate + check);
					if (USED_NHIS.add(nhi.value())) {
						return nhi;
					}
					break;
				}
				catch (Nhi.InvalidNhi ex) {
					// try the next check digit
				}
			}
		}
	}

	public record TestPractice(PracticeId id, TestAccount admin) {
	}

	public record InvitedPatient(PatientId id, String email, LocalDate birthDate, String code) {
	}

	public record TestAccount(AccountId id, String username, String password, byte[] secret, UUID holderId) {

		/**
		 * @return the app's code for the clock's current 30-second step
		 */
		public String codeAt(java.time.Clock clock) {
			return totp(this.secret, clock.instant());
		}

	}

	/**
	 * @return the bytes of an authenticator key as a page shows it (RFC 4648 base32)
	 */
	public static byte[] base32(String text) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		int buffer = 0;
		int bits = 0;
		for (char c : text.toCharArray()) {
			buffer = (buffer << 5) | alphabet.indexOf(c);
			bits += 5;
			if (bits >= 8) {
				out.write((buffer >> (bits - 8)) & 0xff);
				bits -= 8;
			}
		}
		return out.toByteArray();
	}

	public static String totp(byte[] secret, java.time.Instant at) {
		try {
			return String.format("%06d", new TimeBasedOneTimePasswordGenerator()
				.generateOneTimePassword(new SecretKeySpec(secret, "HmacSHA1"), at));
		}
		catch (InvalidKeyException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
