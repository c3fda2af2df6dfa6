package nz.tiaki.appointments;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.AccessGate;
import nz.tiaki.access.Action;
import nz.tiaki.access.Grant;
import nz.tiaki.access.Subject;
import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffMember;
import nz.tiaki.identity.AccountHolder;
import nz.tiaki.identity.Accounts;
import nz.tiaki.notifications.Notifications;
import nz.tiaki.notifications.Template;
import nz.tiaki.patients.PatientSummary;
import nz.tiaki.patients.Patients;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appointments. Practices publish their clinicians' available times; patients (and proxies
 * with appointment rights) book and cancel within the practice's rules — how far ahead, and
 * until how long before; staff see and manage the day's book. Every booking, cancellation
 * and look passes the access gate. A time has at most one booking: the database refuses a
 * second, so two people racing for it get one booking and one clear message.
 */
@Service
public class Appointments {

	/** Appointments are shown and entered in New Zealand time. */
	public static final ZoneId ZONE = ZoneId.of("Pacific/Auckland");

	static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM 'at' h:mm a", Locale.ENGLISH)
		.withZone(ZONE);

	private final AppointmentStore store;

	private final AccessGate gate;

	private final Practices practices;

	private final Patients patients;

	private final Accounts accounts;

	private final Notifications notifications;

	private final Clock clock;

	Appointments(AppointmentStore store, AccessGate gate, Practices practices, Patients patients, Accounts accounts,
			Notifications notifications, Clock clock) {
		this.store = store;
		this.gate = gate;
		this.practices = practices;
		this.patients = patients;
		this.accounts = accounts;
		this.notifications = notifications;
		this.clock = clock;
	}

	/**
	 * Publishes a clinician's available times for one day, as a series of equal slots.
	 * @param author a staff member of the practice
	 * @param clinicianId a doctor or nurse of the same practice
	 * @param day the day
	 * @param from the first start time
	 * @param to when the last slot ends, at the latest
	 * @param minutes each slot's length (5 to 120)
	 * @param kind how the appointments happen
	 * @param patientsMayBook whether patients may book them online (else only staff)
	 * @return how many slots were added (times already published are left as they are)
	 * @throws BookingRefused when the request does not make sense
	 */
	@Transactional
	public int publish(StaffMember author, UUID clinicianId, LocalDate day, LocalTime from, LocalTime to, int minutes,
			SlotKind kind, boolean patientsMayBook) {
		StaffMember clinician = this.practices.clinicians(author.practice())
			.stream()
			.filter(member -> member.id().equals(clinicianId))
			.findFirst()
			.orElseThrow(() -> new BookingRefused("Choose one of your practice's doctors or nurses."));
		if (minutes < 5 || minutes > 120) {
			throw new BookingRefused("An appointment lasts between 5 and 120 minutes.");
		}
		if (!from.isBefore(to)) {
			throw new BookingRefused("The start time must come before the end time.");
		}
		if (day.isBefore(LocalDate.now(this.clock.withZone(ZONE)))) {
			throw new BookingRefused("Choose today or a later day.");
		}
		int added = 0;
		for (LocalTime start = from; !start.plusMinutes(minutes).isAfter(to) && added < 200; start = start.plusMinutes(minutes)) {
			Instant begins = day.atTime(start).atZone(ZONE).toInstant();
			if (this.store.insertSlot(UUID.randomUUID(), author.practice(), clinician.id(), begins,
					begins.plus(Duration.ofMinutes(minutes)), kind, patientsMayBook, author.id())) {
				added++;
			}
			if (start.plusMinutes(minutes).isBefore(start)) {
				break;
			}
		}
		return added;
	}

	/**
	 * @param subject the patient or their proxy
	 * @param patient for whom
	 * @return the times that patient may book now, soonest first
	 * @throws AccessDenied when the subject may not book for this patient
	 */
	@Transactional(readOnly = true)
	public List<Slot> freeSlots(Subject subject, PatientId patient) {
		this.gate.require(subject, patient, Action.BOOK_APPOINTMENT, "free-slots");
		Instant now = this.clock.instant();
		List<Slot> free = new ArrayList<>();
		Map<UUID, String> names = new HashMap<>();
		for (PracticeId practice : this.practices.practicesOf(patient)) {
			Instant until = now.plus(Duration.ofDays(this.store.rules(practice).bookAheadDays()));
			for (AppointmentStore.SlotRow row : this.store.slots(List.of(practice), now, until)) {
				if (row.patientsMayBook() && !row.booked()) {
					free.add(slot(row, names));
				}
			}
		}
		free.sort((a, b) -> a.startsAt().compareTo(b.startsAt()));
		return free;
	}

	/**
	 * Books a time for a patient.
	 * @param subject the patient, their proxy, or staff of their practice
	 * @param patient for whom
	 * @param slotId the time
	 * @return the appointment
	 * @throws AppointmentNotFound when the time does not exist or is not the patient's to book
	 * @throws BookingRefused when it was just taken, is in the past or too far ahead
	 */
	@Transactional
	public Appointment book(Subject subject, PatientId patient, UUID slotId) {
		try {
			this.gate.require(subject, patient, Action.BOOK_APPOINTMENT, "slot:" + slotId);
		}
		catch (AccessDenied ex) {
			throw new AppointmentNotFound();
		}
		AppointmentStore.SlotRow slot = this.store.slot(slotId)
			.filter(row -> this.practices.practicesOf(patient).contains(row.practice()))
			.filter(row -> row.patientsMayBook() || subject.kind() == Subject.Kind.STAFF)
			.orElseThrow(AppointmentNotFound::new);
		Instant now = this.clock.instant();
		AppointmentStore.Rules rules = this.store.rules(slot.practice());
		if (!slot.startsAt().isAfter(now)) {
			throw new BookingRefused("That time has passed. Choose another.");
		}
		if (subject.kind() != Subject.Kind.STAFF
				&& slot.startsAt().isAfter(now.plus(Duration.ofDays(rules.bookAheadDays())))) {
			throw new BookingRefused("Your practice takes bookings up to " + rules.bookAheadDays() + " days ahead.");
		}
		if (slot.booked()) {
			throw taken();
		}
		UUID id = UUID.randomUUID();
		try {
			this.store.book(id, slotId, patient, subject.accountId(), now);
		}
		catch (DuplicateKeyException ex) {
			throw taken();
		}
		return appointment(this.store.booking(id).orElseThrow(), slot, rules, now, new HashMap<>());
	}

	private static BookingRefused taken() {
		return new BookingRefused("Someone else has just booked that time. Choose another.");
	}

	/**
	 * @param subject the patient, their proxy, or staff
	 * @param patient whose
	 * @return their appointments from now on, soonest first
	 * @throws AccessDenied when the subject may not see them
	 */
	@Transactional(readOnly = true)
	public List<Appointment> upcoming(Subject subject, PatientId patient) {
		this.gate.require(subject, patient, Action.READ_APPOINTMENTS, "appointments");
		Instant now = this.clock.instant();
		List<Appointment> list = new ArrayList<>();
		Map<UUID, String> names = new HashMap<>();
		for (AppointmentStore.Booking booking : this.store.upcomingOf(patient, now)) {
			AppointmentStore.SlotRow slot = this.store.slot(booking.slot()).orElse(null);
			if (slot != null) {
				list.add(appointment(booking, slot, this.store.rules(slot.practice()), now, names));
			}
		}
		return list;
	}

	/**
	 * Cancels an appointment. Patients and proxies may cancel until the practice's cut-off
	 * (by default 2 hours before); staff at any time.
	 * @param subject who cancels
	 * @param appointmentId the appointment
	 * @throws AppointmentNotFound when it does not exist or is not theirs to cancel
	 * @throws BookingRefused when it is too late to cancel online
	 */
	@Transactional
	public void cancel(Subject subject, UUID appointmentId) {
		AppointmentStore.Booking booking = this.store.booking(appointmentId).filter(b -> !b.cancelled()).orElse(null);
		if (booking == null) {
			this.gate.recordUnknown(subject, Action.BOOK_APPOINTMENT, "appointment:" + appointmentId);
			throw new AppointmentNotFound();
		}
		try {
			this.gate.require(subject, booking.patient(), Action.BOOK_APPOINTMENT, "appointment:" + appointmentId);
		}
		catch (AccessDenied ex) {
			throw new AppointmentNotFound();
		}
		AppointmentStore.SlotRow slot = this.store.slot(booking.slot()).orElseThrow(AppointmentNotFound::new);
		Instant now = this.clock.instant();
		int hours = this.store.rules(slot.practice()).cancelHours();
		if (subject.kind() != Subject.Kind.STAFF && now.plus(Duration.ofHours(hours)).isAfter(slot.startsAt())) {
			throw new BookingRefused("It is less than " + hours + " hours before the appointment: phone your practice "
					+ "to cancel.");
		}
		this.store.cancel(appointmentId, subject.accountId(), now);
	}

	/**
	 * One line of the day's book.
	 *
	 * @param slot the time
	 * @param appointmentId its booking, if booked
	 * @param patientName who booked it, if booked and the staff member may see it
	 */
	public record BookLine(Slot slot, UUID appointmentId, String patientName) {

		@Override
		public String toString() {
			return "BookLine[" + this.slot.id() + "]";
		}

	}

	/**
	 * @param staff a staff member
	 * @param day a day
	 * @return their practice's times that day with their bookings, in time order
	 */
	@Transactional(readOnly = true)
	public List<BookLine> dayBook(StaffMember staff, LocalDate day) {
		Instant from = day.atStartOfDay(ZONE).toInstant();
		Instant to = day.plusDays(1).atStartOfDay(ZONE).toInstant();
		List<AppointmentStore.SlotRow> rows = this.store.slots(List.of(staff.practice()), from, to);
		Map<UUID, AppointmentStore.Booking> bookings = new LinkedHashMap<>();
		for (AppointmentStore.Booking booking : this.store
			.liveBookingsOf(rows.stream().filter(AppointmentStore.SlotRow::booked).map(AppointmentStore.SlotRow::id).toList())) {
			bookings.put(booking.slot(), booking);
		}
		List<PatientId> booked = bookings.values().stream().map(AppointmentStore.Booking::patient).distinct().toList();
		Map<PatientId, Grant> grants = this.gate.requireEach(this.practices.subject(staff), booked, Action.READ_DEMOGRAPHICS);
		Map<PatientId, String> names = new HashMap<>();
		for (PatientSummary summary : this.patients.findAll(grants.values())) {
			names.put(summary.id(), summary.displayName());
		}
		Map<UUID, String> clinicians = new HashMap<>();
		List<BookLine> lines = new ArrayList<>();
		for (AppointmentStore.SlotRow row : rows) {
			AppointmentStore.Booking booking = bookings.get(row.id());
			lines.add(new BookLine(slot(row, clinicians), booking == null ? null : booking.id(),
					booking == null ? null : names.getOrDefault(booking.patient(), "A patient")));
		}
		return lines;
	}

	/**
	 * @param staff a staff member
	 * @return the clinicians of their practice, for the form that publishes times
	 */
	@Transactional(readOnly = true)
	public List<StaffMember> cliniciansOf(StaffMember staff) {
		return this.practices.clinicians(staff.practice());
	}

	/**
	 * Sends the reminders that are due (by default 24 hours before), once each, through the
	 * outbox. Says when and where, nothing else.
	 * @return how many were queued
	 */
	@Scheduled(fixedDelayString = "${tiaki.appointments.reminder-interval}")
	@Transactional
	public int sendReminders() {
		Instant now = this.clock.instant();
		int sent = 0;
		for (AppointmentStore.Due due : this.store.dueForReminder(now)) {
			Optional<String> address = this.accounts.addressOf(AccountHolder.patient(due.patient().value()));
			if (address.isPresent()) {
				this.notifications.send(address.get(), Template.APPOINTMENT_REMINDER,
						Map.of("time", WHEN.format(due.startsAt()), "practice", this.practices.name(due.practice()), "how",
								due.kind().label().toLowerCase(Locale.ENGLISH)),
						"reminder:" + due.id());
				sent++;
			}
			this.store.reminded(due.id(), now);
		}
		return sent;
	}

	private Appointment appointment(AppointmentStore.Booking booking, AppointmentStore.SlotRow row,
			AppointmentStore.Rules rules, Instant now, Map<UUID, String> names) {
		boolean cancellable = now.plus(Duration.ofHours(rules.cancelHours())).isBefore(row.startsAt());
		return new Appointment(booking.id(), booking.patient(), slot(row, names), this.practices.name(row.practice()),
				cancellable);
	}

	private Slot slot(AppointmentStore.SlotRow row, Map<UUID, String> names) {
		String name = names.computeIfAbsent(row.clinician(), id -> this.practices.describeStaff(List.of(id))
			.getOrDefault(id, "A clinician")
			.replaceAll(",.*$", ""));
		return new Slot(row.id(), row.clinician(), name, row.startsAt(), row.endsAt(), row.kind(), row.patientsMayBook());
	}

	/**
	 * Deletes a patient's appointments at one practice (the practice leaving the portal). A
	 * recorded decision of the gate.
	 * @param job the system task doing it
	 * @param practice the practice
	 * @param patient whose appointments
	 * @return how many were deleted
	 */
	@Transactional
	public int removeFrom(Subject job, PracticeId practice, PatientId patient) {
		this.gate.require(job, patient, Action.ERASE, "appointments:" + practice);
		return this.store.deleteAppointments(practice, patient);
	}

	/**
	 * Deletes a practice's bookable times and booking rules, with any appointment still in
	 * them (the practice leaving the portal, after its patients' appointments were deleted
	 * through the gate).
	 * @param practice the practice
	 * @return how many times were deleted
	 */
	@Transactional
	public int removePractice(PracticeId practice) {
		return this.store.deletePractice(practice);
	}

}
