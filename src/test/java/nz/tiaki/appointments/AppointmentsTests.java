package nz.tiaki.appointments;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.Subject;
import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffMember;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.DocumentNotFound;
import nz.tiaki.documents.Documents;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.TestFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Appointments: a practice publishes times; patients book within the practice's rules; two
 * patients racing for one time get one booking and one clear refusal; cancelling online stops
 * at the cut-off; an appointments-only proxy books for the patient but opens nothing else;
 * another practice's times and another patient's appointments are out of reach; reminders go
 * out once, by e-mail, the day before (HIPC rule 5; OWASP API1; NZ patient portal practice).
 */
class AppointmentsTests extends PortalTest {

	@Autowired
	private Appointments appointments;

	@Autowired
	private Practices practices;

	@Autowired
	private Documents documents;

	private Fixtures.TestPractice practice;

	private StaffMember receptionist;

	private Fixtures.TestAccount doctor;

	private Fixtures.TestAccount patient;

	private PatientId patientId;

	private LocalDate tomorrow;

	@BeforeEach
	void aPracticeWithTimesTomorrow() {
		this.practice = this.fixtures.practice();
		this.doctor = this.fixtures.staff(this.practice, StaffRole.DOCTOR);
		Fixtures.TestAccount front = this.fixtures.staff(this.practice, StaffRole.RECEPTIONIST);
		this.receptionist = this.practices.staffMember(front.holderId()).orElseThrow();
		this.patient = this.fixtures.patient(this.practice);
		this.patientId = new PatientId(this.patient.holderId());
		this.tomorrow = LocalDate.now(this.clock.withZone(Appointments.ZONE)).plusDays(1);
		assertThat(this.appointments.publish(this.receptionist, this.doctor.holderId(), this.tomorrow,
				LocalTime.of(9, 0), LocalTime.of(10, 0), 15, SlotKind.IN_PERSON, true)).isEqualTo(4);
	}

	private Subject self(Fixtures.TestAccount account) {
		return Fixtures.patientSubject(account);
	}

	@Test
	void aPatientBooksAFreeTimeAndItIsNoLongerFree() {
		List<Slot> free = this.appointments.freeSlots(self(this.patient), this.patientId);
		assertThat(free).hasSize(4);
		Appointment booked = this.appointments.book(self(this.patient), this.patientId, free.get(0).id());
		assertThat(booked.cancellable()).isTrue();
		assertThat(this.appointments.freeSlots(self(this.patient), this.patientId)).hasSize(3);
		assertThat(this.appointments.upcoming(self(this.patient), this.patientId)).extracting(Appointment::id)
			.containsExactly(booked.id());
		assertThat(this.appointments.dayBook(this.receptionist, this.tomorrow))
			.filteredOn(line -> line.appointmentId() != null)
			.hasSize(1);
	}

	@Test
	void twoPatientsRacingForOneTimeGetOneBookingAndOneClearRefusal() throws Exception {
		Fixtures.TestAccount other = this.fixtures.patient(this.practice);
		UUID slot = this.appointments.freeSlots(self(this.patient), this.patientId).get(0).id();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<String>> outcomes = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			Fixtures.TestAccount who = i % 2 == 0 ? this.patient : other;
			Callable<String> attempt = () -> {
				start.await();
				try {
					this.appointments.book(self(who), new PatientId(who.holderId()), slot);
					return "booked";
				}
				catch (BookingRefused ex) {
					return ex.getMessage();
				}
			};
			outcomes.add(pool.submit(attempt));
		}
		start.countDown();
		List<String> said = new ArrayList<>();
		for (Future<String> outcome : outcomes) {
			said.add(outcome.get());
		}
		pool.shutdown();
		assertThat(said).filteredOn("booked"::equals).hasSize(1);
		assertThat(said).filteredOn(s -> !s.equals("booked"))
			.hasSize(7)
			.allMatch(s -> s.equals("Someone else has just booked that time. Choose another."));
		assertThat(this.jdbc.sql("select count(*) from appointment where slot_id = :s and cancelled_at is null")
			.param("s", slot)
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	@Test
	void cancellingOnlineStopsAtTheCutOffButThePracticeCanStillCancel() {
		UUID slot = this.appointments.freeSlots(self(this.patient), this.patientId).get(3).id();
		Appointment booked = this.appointments.book(self(this.patient), this.patientId, slot);
		this.clock.advance(Duration.between(this.clock.instant(), booked.startsAt()).minusMinutes(90));
		assertThatThrownBy(() -> this.appointments.cancel(self(this.patient), booked.id()))
			.isInstanceOf(BookingRefused.class)
			.hasMessageContaining("phone your practice");
		this.appointments.cancel(this.practices.subject(this.receptionist), booked.id());
		assertThat(this.appointments.upcoming(self(this.patient), this.patientId)).isEmpty();
	}

	@Test
	void bookingTooFarAheadOrInThePastIsRefused() {
		LocalDate later = this.tomorrow.plusDays(40);
		this.appointments.publish(this.receptionist, this.doctor.holderId(), later, LocalTime.of(9, 0), LocalTime.of(9, 15),
				15, SlotKind.PHONE, true);
		UUID farSlot = this.jdbc.sql("select id from slot where clinician_id = :c and starts_at > :t")
			.param("c", this.doctor.holderId())
			.param("t", Timestamp.from(this.tomorrow.plusDays(30).atStartOfDay(Appointments.ZONE).toInstant()))
			.query(UUID.class)
			.single();
		assertThatThrownBy(() -> this.appointments.book(self(this.patient), this.patientId, farSlot))
			.isInstanceOf(BookingRefused.class)
			.hasMessageContaining("28 days ahead");
		UUID soon = this.appointments.freeSlots(self(this.patient), this.patientId).get(0).id();
		this.clock.advance(Duration.ofDays(3));
		assertThatThrownBy(() -> this.appointments.book(self(this.patient), this.patientId, soon))
			.isInstanceOf(BookingRefused.class)
			.hasMessageContaining("passed");
	}

	@Test
	void anotherPracticesTimesAndAnotherPatientsAppointmentsAreOutOfReach() {
		Fixtures.TestPractice elsewhere = this.fixtures.practice();
		Fixtures.TestAccount stranger = this.fixtures.patient(elsewhere);
		UUID slot = this.appointments.freeSlots(self(this.patient), this.patientId).get(0).id();
		assertThatThrownBy(() -> this.appointments.book(self(stranger), new PatientId(stranger.holderId()), slot))
			.isInstanceOf(AppointmentNotFound.class);
		assertThatThrownBy(() -> this.appointments.book(self(stranger), this.patientId, slot))
			.isInstanceOf(AppointmentNotFound.class);
		Appointment booked = this.appointments.book(self(this.patient), this.patientId, slot);
		assertThatThrownBy(() -> this.appointments.cancel(self(stranger), booked.id()))
			.isInstanceOf(AppointmentNotFound.class);
		assertThatThrownBy(() -> this.appointments.upcoming(self(stranger), this.patientId))
			.isInstanceOf(AccessDenied.class);
		assertThat(this.appointments.upcoming(self(this.patient), this.patientId)).hasSize(1);
	}

	@Test
	void anAppointmentsOnlyProxyBooksButOpensNothingElse() {
		Fixtures.TestAccount parent = this.fixtures.patient(this.practice);
		this.jdbc.sql("""
				insert into proxy_grant (id, patient_id, proxy_patient_id, scopes, granted_at)
				values (:id, :patient, :proxy, array['APPOINTMENTS'], :at)
				""")
			.param("id", UUID.randomUUID())
			.param("patient", this.patientId.value())
			.param("proxy", parent.holderId())
			.param("at", Timestamp.from(this.clock.instant()))
			.update();
		var letter = this.documents.publish(Fixtures.staffSubject(this.doctor), this.patientId, DocumentKind.LETTER,
				"Letter", "letter.pdf", TestFiles.pdf("letter"));
		UUID slot = this.appointments.freeSlots(self(parent), this.patientId).get(0).id();
		Appointment booked = this.appointments.book(self(parent), this.patientId, slot);
		assertThat(booked.patient()).isEqualTo(this.patientId);
		assertThatThrownBy(() -> this.documents.download(self(parent), letter, null, () -> "Proxy"))
			.isInstanceOf(DocumentNotFound.class);
		assertThatThrownBy(() -> this.documents.list(self(parent), this.patientId)).isInstanceOf(AccessDenied.class);

		this.jdbc.sql("update proxy_grant set expires_at = :past where proxy_patient_id = :proxy")
			.param("past", Timestamp.from(this.clock.instant().minusSeconds(1)))
			.param("proxy", parent.holderId())
			.update();
		assertThatThrownBy(() -> this.appointments.upcoming(self(parent), this.patientId))
			.as("an expired proxy gets nothing")
			.isInstanceOf(AccessDenied.class);
	}

	@Test
	void aReminderGoesOutOnceTheDayBefore() {
		Slot slot = this.appointments.freeSlots(self(this.patient), this.patientId).get(0);
		Appointment booked = this.appointments.book(self(this.patient), this.patientId, slot.id());
		this.clock.advance(Duration.between(this.clock.instant(), slot.startsAt()).minusHours(25));
		this.appointments.sendReminders();
		assertThat(reminders(booked)).as("too early").isZero();
		this.clock.advance(Duration.ofHours(2));
		this.appointments.sendReminders();
		this.appointments.sendReminders();
		assertThat(reminders(booked)).isEqualTo(1);
		assertThat(this.jdbc.sql("select values_json from outbox_message where dedup_key = :k")
			.param("k", "reminder:" + booked.id())
			.query(String.class)
			.single()).doesNotContain(this.patient.username()).contains("at the practice");
	}

	private int reminders(Appointment booked) {
		return this.jdbc.sql("select count(*) from outbox_message where dedup_key = :k")
			.param("k", "reminder:" + booked.id())
			.query(Integer.class)
			.single();
	}

}
