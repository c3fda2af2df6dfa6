package nz.tiaki.guard.web;

import java.time.ZoneId;

import jakarta.servlet.http.HttpSession;

import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffMember;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.guard.Guard;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The reason a clinician gives before opening more records, and the practice's alerts.
 */
@Controller
class GuardController {

	static final String NEXT = "tiaki.reasonNext";

	private final Guard guard;

	private final Practices practices;

	GuardController(Guard guard, Practices practices) {
		this.guard = guard;
		this.practices = practices;
	}

	@GetMapping("/practice/reason")
	String reasonForm() {
		this.practices.currentStaff().orElseThrow(Missing::new);
		return "guard/reason";
	}

	@PostMapping("/practice/reason")
	String reason(@RequestParam(defaultValue = "") String reason, HttpSession session, Model model) {
		StaffMember me = this.practices.currentStaff().orElseThrow(Missing::new);
		if (!this.guard.giveReason(this.practices.subject(me), reason)) {
			model.addAttribute("error", "Say why in at least 10 characters.");
			return "guard/reason";
		}
		Object next = session.getAttribute(NEXT);
		session.removeAttribute(NEXT);
		return "redirect:" + (next instanceof String text && text.startsWith("/practice") ? text : "/practice");
	}

	@GetMapping("/practice/alerts")
	String alerts(Model model) {
		StaffMember me = this.practices.currentStaff().orElseThrow(Missing::new);
		if (me.role() != StaffRole.PRACTICE_ADMIN) {
			throw new Missing();
		}
		model.addAttribute("alerts", this.guard.alertsFor(me.practice()));
		model.addAttribute("zone", ZoneId.of("Pacific/Auckland"));
		return "guard/alerts";
	}

	/**
	 * 404.
	 */
	@ResponseStatus(HttpStatus.NOT_FOUND)
	static class Missing extends RuntimeException {

		Missing() {
			super("Not found", null, false, false);
		}

	}

}
