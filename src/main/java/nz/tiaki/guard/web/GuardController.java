package nz.tiaki.guard.web;

import java.time.ZoneId;

import jakarta.servlet.http.HttpSession;

import nz.tiaki.audit.AuditTrail;
import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffMember;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.guard.Alert;
import nz.tiaki.guard.Guard;
import nz.tiaki.shared.web.PageNotFound;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The reason a clinician gives before opening more records, and the practice's alerts.
 */
@Controller
class GuardController {

	static final String NEXT = "tiaki.reasonNext";

	private final Guard guard;

	private final Practices practices;

	private final AuditTrail audit;

	GuardController(Guard guard, Practices practices, AuditTrail audit) {
		this.guard = guard;
		this.practices = practices;
		this.audit = audit;
	}

	@GetMapping("/practice/reason")
	String reasonForm() {
		this.practices.currentStaff().orElseThrow(PageNotFound::new);
		return "guard/reason";
	}

	@PostMapping("/practice/reason")
	String reason(@RequestParam(defaultValue = "") String reason, HttpSession session, Model model) {
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
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
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
		if (me.role() != StaffRole.PRACTICE_ADMIN) {
			throw new PageNotFound();
		}
		model.addAttribute("alerts", this.guard.alertsFor(me.practice()));
		model.addAttribute("zone", ZoneId.of("Pacific/Auckland"));
		return "guard/alerts";
	}

	@GetMapping("/practice/alerts/{id}")
	String alert(@org.springframework.web.bind.annotation.PathVariable String id, Model model) {
		StaffMember me = admin();
		Alert alert = find(me, id);
		model.addAttribute("alert", alert);
		model.addAttribute("locked", this.guard.stillLocked(alert));
		model.addAttribute("events", alert.sessionRef() != null
				? this.audit.bySession(alert.sessionRef(), alert.windowFrom(), alert.windowTo().plusSeconds(1))
				: this.audit.byAccount(alert.accountId(), alert.windowFrom(), alert.windowTo().plusSeconds(1)));
		model.addAttribute("zone", ZoneId.of("Pacific/Auckland"));
		return "guard/alert";
	}

	@PostMapping("/practice/alerts/{id}/lift")
	String lift(@org.springframework.web.bind.annotation.PathVariable String id) {
		StaffMember me = admin();
		Alert alert = find(me, id);
		this.guard.lift(alert, this.practices.subject(me).accountId());
		return "redirect:/practice/alerts/" + alert.id() + "?lifted";
	}

	private StaffMember admin() {
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
		if (me.role() != StaffRole.PRACTICE_ADMIN) {
			throw new PageNotFound();
		}
		return me;
	}

	private Alert find(StaffMember me, String id) {
		try {
			return this.guard.alert(me.practice(), java.util.UUID.fromString(id)).orElseThrow(PageNotFound::new);
		}
		catch (IllegalArgumentException ex) {
			throw new PageNotFound();
		}
	}

}
