package nz.tiaki.appointments.web;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nz.tiaki.access.Subject;
import nz.tiaki.appointments.AppointmentNotFound;
import nz.tiaki.appointments.Appointments;
import nz.tiaki.appointments.BookingRefused;
import nz.tiaki.appointments.Slot;
import nz.tiaki.appointments.SlotKind;
import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffMember;
import nz.tiaki.identity.Accounts;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.web.PageNotFound;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Booking and cancelling for patients; the day's book and publishing times for staff.
 */
@Controller
class AppointmentsController {

	private final Appointments appointments;

	private final Accounts accounts;

	private final Practices practices;

	private final java.time.Clock clock;

	private final nz.tiaki.patients.ActingFor actingFor;

	AppointmentsController(Appointments appointments, Accounts accounts, Practices practices, java.time.Clock clock, nz.tiaki.patients.ActingFor actingFor) {
		this.actingFor = actingFor;
		this.clock = clock;
		this.appointments = appointments;
		this.accounts = accounts;
		this.practices = practices;
	}

	private Subject me() {
		return this.accounts.subject().orElseThrow(nz.tiaki.shared.web.PageNotFound::new);
	}

	@GetMapping("/patient/appointments")
	String mine(@RequestParam(required = false) String done, Model model) {
		Subject me = me();
		model.addAttribute("appointments", this.appointments.upcoming(me, this.actingFor.whom(me)));
		model.addAttribute("zone", Appointments.ZONE);
		if ("booked".equals(done)) {
			model.addAttribute("notice", "Your appointment is booked. We will e-mail you a reminder the day before.");
		}
		else if ("cancelled".equals(done)) {
			model.addAttribute("notice", "Your appointment is cancelled.");
		}
		return "appointments/mine";
	}

	@GetMapping("/patient/appointments/book")
	String times(Model model) {
		Subject me = me();
		return book(model, me, null);
	}

	private String book(Model model, Subject me, String error) {
		Map<LocalDate, List<Slot>> byDay = new LinkedHashMap<>();
		for (Slot slot : this.appointments.freeSlots(me, this.actingFor.whom(me))) {
			byDay.computeIfAbsent(slot.startsAt().atZone(Appointments.ZONE).toLocalDate(), day -> new ArrayList<>())
				.add(slot);
		}
		model.addAttribute("days", byDay);
		model.addAttribute("zone", Appointments.ZONE);
		model.addAttribute("error", error);
		return "appointments/book";
	}

	@PostMapping("/patient/appointments/book")
	String bookTime(@RequestParam(defaultValue = "") String slot, Model model) {
		Subject me = me();
		try {
			this.appointments.book(me, this.actingFor.whom(me), UUID.fromString(slot));
			return "redirect:/patient/appointments?done=booked";
		}
		catch (BookingRefused ex) {
			return book(model, me, ex.getMessage());
		}
		catch (IllegalArgumentException | AppointmentNotFound ex) {
			return book(model, me, "That time is not available. Choose another.");
		}
	}

	@PostMapping("/patient/appointments/{id}/cancel")
	String cancel(@PathVariable String id, Model model) {
		Subject me = me();
		try {
			this.appointments.cancel(me, UUID.fromString(id));
			return "redirect:/patient/appointments?done=cancelled";
		}
		catch (BookingRefused ex) {
			model.addAttribute("error", ex.getMessage());
			model.addAttribute("appointments", this.appointments.upcoming(me, this.actingFor.whom(me)));
			model.addAttribute("zone", Appointments.ZONE);
			return "appointments/mine";
		}
		catch (IllegalArgumentException | AppointmentNotFound ex) {
			throw new PageNotFound();
		}
	}

	@GetMapping("/practice/appointments")
	String dayBook(@RequestParam(required = false) String day, @RequestParam(required = false) String done,
			Model model) {
		StaffMember staff = this.practices.currentStaff().orElseThrow();
		LocalDate date = parseDay(day);
		model.addAttribute("day", date);
		model.addAttribute("previous", date.minusDays(1));
		model.addAttribute("next", date.plusDays(1));
		model.addAttribute("lines", this.appointments.dayBook(staff, date));
		model.addAttribute("clinicians", this.appointments.cliniciansOf(staff));
		model.addAttribute("kinds", SlotKind.values());
		model.addAttribute("zone", Appointments.ZONE);
		if (done != null) {
			model.addAttribute("notice", done.startsWith("added-") ? done.substring(6) + " times added."
					: "The appointment is cancelled.");
		}
		return "appointments/day";
	}

	@PostMapping("/practice/appointments/slots")
	String publish(@RequestParam(defaultValue = "") String clinician, @RequestParam(defaultValue = "") String day,
			@RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
			@RequestParam(defaultValue = "15") int minutes, @RequestParam(defaultValue = "IN_PERSON") String kind,
			@RequestParam(defaultValue = "false") boolean online, Model model) {
		StaffMember staff = this.practices.currentStaff().orElseThrow();
		LocalDate date = parseDay(day);
		try {
			int added = this.appointments.publish(staff, UUID.fromString(clinician), date, LocalTime.parse(from),
					LocalTime.parse(to), minutes, SlotKind.valueOf(kind), online);
			return "redirect:/practice/appointments?day=" + date + "&done=added-" + added;
		}
		catch (BookingRefused ex) {
			model.addAttribute("error", ex.getMessage());
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			model.addAttribute("error", "Choose a clinician, and give the times as hours and minutes, for example 09:00.");
		}
		return dayBook(date.toString(), null, model);
	}

	@PostMapping("/practice/appointments/{id}/cancel")
	String cancelByPractice(@PathVariable String id, @RequestParam(defaultValue = "") String day) {
		StaffMember staff = this.practices.currentStaff().orElseThrow();
		try {
			this.appointments.cancel(this.practices.subject(staff), UUID.fromString(id));
		}
		catch (IllegalArgumentException | AppointmentNotFound ex) {
			throw new PageNotFound();
		}
		return "redirect:/practice/appointments?day=" + parseDay(day) + "&done=cancelled";
	}

	private LocalDate parseDay(String day) {
		if (day != null && !day.isBlank()) {
			try {
				return LocalDate.parse(day);
			}
			catch (DateTimeParseException ex) {
				// fall back to today
			}
		}
		return LocalDate.now(this.clock.withZone(Appointments.ZONE));
	}

}
