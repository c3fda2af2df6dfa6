package nz.tiaki.prescriptions.web;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import nz.tiaki.access.Subject;
import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffMember;
import nz.tiaki.identity.Accounts;
import nz.tiaki.prescriptions.Prescriptions;
import nz.tiaki.prescriptions.RepeatNotFound;
import nz.tiaki.prescriptions.RepeatRefused;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.web.PageNotFound;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Asking for repeats and seeing answers (patients); the queue of requests (clinicians).
 */
@Controller
class RepeatsController {

	private static final ZoneId ZONE = ZoneId.of("Pacific/Auckland");

	private final Prescriptions prescriptions;

	private final Accounts accounts;

	private final Practices practices;

	private final nz.tiaki.patients.ActingFor actingFor;

	RepeatsController(Prescriptions prescriptions, Accounts accounts, Practices practices, nz.tiaki.patients.ActingFor actingFor) {
		this.actingFor = actingFor;
		this.prescriptions = prescriptions;
		this.accounts = accounts;
		this.practices = practices;
	}

	@GetMapping("/patient/repeats")
	String mine(@RequestParam(required = false) String done, Model model) {
		return page(model, done != null ? "Your request is sent. Your practice will answer here, and we will e-mail you "
				+ "when it does." : null, null);
	}

	private String page(Model model, String notice, String error) {
		Subject me = this.accounts.subject().orElseThrow(nz.tiaki.shared.web.PageNotFound::new);
		PatientId patient = this.actingFor.whom(me);
		model.addAttribute("medicines", this.prescriptions.medicines(me, patient));
		model.addAttribute("requests", this.prescriptions.requestsOf(me, patient));
		model.addAttribute("zone", ZONE);
		model.addAttribute("notice", notice);
		model.addAttribute("error", error);
		return "prescriptions/mine";
	}

	@PostMapping("/patient/repeats")
	String ask(@RequestParam(name = "medicine", required = false) List<String> medicines,
			@RequestParam(defaultValue = "") String note, Model model) {
		Subject me = this.accounts.subject().orElseThrow(nz.tiaki.shared.web.PageNotFound::new);
		try {
			this.prescriptions.request(me, this.actingFor.whom(me), medicines, note);
			return "redirect:/patient/repeats?done";
		}
		catch (RepeatRefused ex) {
			return page(model, null, ex.getMessage());
		}
	}

	@GetMapping("/practice/repeats")
	String queue(@RequestParam(required = false) String done, Model model) {
		return queuePage(model, done != null ? "Answered. The patient has been told there is an answer." : null, null);
	}

	private String queuePage(Model model, String notice, String error) {
		StaffMember staff = this.practices.currentStaff().orElseThrow();
		model.addAttribute("requests", this.prescriptions.queue(staff));
		model.addAttribute("zone", ZONE);
		model.addAttribute("notice", notice);
		model.addAttribute("error", error);
		return "prescriptions/queue";
	}

	@PostMapping("/practice/repeats/{id}/decide")
	String decide(@PathVariable String id, @RequestParam(defaultValue = "") String decision,
			@RequestParam(defaultValue = "") String message, @RequestParam(defaultValue = "") String fee, Model model) {
		StaffMember staff = this.practices.currentStaff().orElseThrow();
		UUID request;
		try {
			request = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new PageNotFound();
		}
		Integer cents;
		try {
			cents = fee.isBlank() ? null : new BigDecimal(fee.strip().replace("$", "")).movePointRight(2).intValueExact();
		}
		catch (NumberFormatException | ArithmeticException ex) {
			return queuePage(model, null, "Give the fee in dollars and cents, for example 15.00.");
		}
		try {
			this.prescriptions.decide(staff, request, decision.equals("approve"), message, cents);
			return "redirect:/practice/repeats?done";
		}
		catch (RepeatRefused ex) {
			return queuePage(model, null, ex.getMessage());
		}
		catch (RepeatNotFound ex) {
			throw new PageNotFound();
		}
	}

}
