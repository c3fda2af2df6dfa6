package nz.tiaki.patients.web;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import nz.tiaki.access.Subject;
import nz.tiaki.identity.Accounts;
import nz.tiaki.patients.ActingFor;
import nz.tiaki.patients.ProxyArrangements;
import nz.tiaki.patients.ProxyRefused;
import nz.tiaki.shared.ids.PatientId;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "People who can act for me" and "people I can act for": granting, ending, and choosing whom
 * to act for on the appointment, prescription and message pages.
 */
@Controller
@ControllerAdvice
class ProxiesController {

	private static final ZoneId ZONE = ZoneId.of("Pacific/Auckland");

	private final ProxyArrangements arrangements;

	private final ActingFor actingFor;

	private final Accounts accounts;

	ProxiesController(ProxyArrangements arrangements, ActingFor actingFor, Accounts accounts) {
		this.arrangements = arrangements;
		this.actingFor = actingFor;
		this.accounts = accounts;
	}

	@ModelAttribute("actingForName")
	String actingForName() {
		if (!this.actingFor.anyChosen()) {
			return null;
		}
		return this.accounts.subject()
			.filter(me -> me.kind() == Subject.Kind.PATIENT)
			.flatMap(this.actingFor::nameOf)
			.orElse(null);
	}

	private Subject me() {
		return this.accounts.subject().orElseThrow(nz.tiaki.shared.web.PageNotFound::new);
	}

	@GetMapping("/patient/proxies")
	String page(@RequestParam(required = false) String done, Model model) {
		return page(model, done == null ? null : switch (done) {
			case "granted" -> "Done. They can now act for you.";
			case "ended" -> "Done. They can no longer act for you.";
			case "continued" -> "Done. They can keep acting for you until you stop it.";
			default -> "You are acting for yourself.";
		}, null);
	}

	private String page(Model model, String notice, String error) {
		Subject me = me();
		model.addAttribute("given", this.arrangements.given(me));
		model.addAttribute("received", this.arrangements.received(me));
		model.addAttribute("levels", ProxyArrangements.Level.values());
		model.addAttribute("zone", ZONE);
		model.addAttribute("notice", notice);
		model.addAttribute("error", error);
		return "patients/proxies";
	}

	@PostMapping("/patient/proxies")
	String grant(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "APPOINTMENTS") String level,
			@RequestParam(defaultValue = "") String until, Model model) {
		try {
			LocalDate end = until.isBlank() ? null : LocalDate.parse(until);
			this.arrangements.grant(me(), email, ProxyArrangements.Level.valueOf(level), end);
			return "redirect:/patient/proxies?done=granted";
		}
		catch (ProxyRefused ex) {
			return page(model, null, ex.getMessage());
		}
		catch (DateTimeParseException | IllegalArgumentException ex) {
			return page(model, null, "Choose what they may do, and give the end date as a date.");
		}
	}

	@PostMapping("/patient/proxies/{id}/end")
	String end(@PathVariable String id) {
		try {
			this.arrangements.revoke(me(), UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			// nothing to end
		}
		return "redirect:/patient/proxies?done=ended";
	}

	@PostMapping("/patient/proxies/{id}/continue")
	String continueLink(@PathVariable String id) {
		try {
			this.arrangements.continueParentLink(me(), UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			// nothing to continue
		}
		return "redirect:/patient/proxies?done=continued";
	}

	@PostMapping("/patient/proxies/act-for")
	String actFor(@RequestParam(defaultValue = "") String patient, Model model) {
		Subject me = me();
		try {
			PatientId whom = patient.isBlank() ? new PatientId(me.id()) : new PatientId(UUID.fromString(patient));
			if (this.actingFor.choose(me, whom)) {
				return whom.value().equals(me.id()) ? "redirect:/patient/proxies?done=self" : "redirect:/patient/appointments";
			}
		}
		catch (IllegalArgumentException ex) {
			// answered below
		}
		return page(model, null, "You cannot act for that person.");
	}

}
