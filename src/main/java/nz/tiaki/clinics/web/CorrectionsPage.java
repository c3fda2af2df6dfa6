package nz.tiaki.clinics.web;

import java.time.ZoneId;
import java.util.UUID;

import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffMember;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.records.Correction;
import nz.tiaki.records.CorrectionRefused;
import nz.tiaki.records.Corrections;
import nz.tiaki.records.EntryNotFound;
import nz.tiaki.records.EntryRejected;
import nz.tiaki.records.NewEntries;
import nz.tiaki.shared.web.PageNotFound;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Clinicians answer patients' correction requests: correct the entry (its earlier version
 * is kept) or keep it and attach the patient's statement.
 */
@Controller
class CorrectionsPage {

	private final Practices practices;

	private final Corrections corrections;

	CorrectionsPage(Practices practices, Corrections corrections) {
		this.practices = practices;
		this.corrections = corrections;
	}

	private StaffMember clinician() {
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
		if (me.role() != StaffRole.DOCTOR && me.role() != StaffRole.NURSE) {
			throw new PageNotFound();
		}
		return me;
	}

	@GetMapping("/practice/corrections")
	String list(Model model) {
		StaffMember me = clinician();
		model.addAttribute("corrections", this.corrections.waiting(this.practices.subject(me), me.practice()));
		model.addAttribute("zone", ZoneId.of("Pacific/Auckland"));
		return "clinics/corrections";
	}

	@GetMapping("/practice/corrections/{id}")
	String open(@PathVariable String id, Model model) {
		StaffMember me = clinician();
		try {
			Correction correction = this.corrections.get(this.practices.subject(me), requestId(id));
			model.addAttribute("c", correction);
			model.addAttribute("versions", this.corrections.earlierVersions(this.practices.subject(me),
					correction.entry().id()).stream().map(nz.tiaki.records.EntryView::of).toList());
		}
		catch (EntryNotFound ex) {
			throw new PageNotFound();
		}
		model.addAttribute("zone", ZoneId.of("Pacific/Auckland"));
		return "clinics/correction";
	}

	@PostMapping("/practice/corrections/{id}/correct")
	String correct(@PathVariable String id, @RequestParam(defaultValue = "") String name,
			@RequestParam(defaultValue = "") String detail, @RequestParam(defaultValue = "") String value,
			@RequestParam(defaultValue = "") String unit, @RequestParam(defaultValue = "") String low,
			@RequestParam(defaultValue = "") String high, @RequestParam(defaultValue = "") String message,
			Model model) {
		StaffMember me = clinician();
		try {
			Correction correction = this.corrections.get(this.practices.subject(me), requestId(id));
			this.corrections.correct(this.practices.subject(me), correction.id(),
					NewEntries.build(correction.entry().category(), name, detail, value, unit, low, high), message);
		}
		catch (EntryNotFound ex) {
			throw new PageNotFound();
		}
		catch (EntryRejected | CorrectionRefused ex) {
			model.addAttribute("error", ex.getMessage());
			return open(id, model);
		}
		return "redirect:/practice/corrections?answered";
	}

	@PostMapping("/practice/corrections/{id}/keep")
	String keep(@PathVariable String id, @RequestParam(defaultValue = "") String reason, Model model) {
		StaffMember me = clinician();
		try {
			this.corrections.keepWithStatement(this.practices.subject(me), requestId(id), reason);
		}
		catch (EntryNotFound ex) {
			throw new PageNotFound();
		}
		catch (CorrectionRefused ex) {
			model.addAttribute("error", ex.getMessage());
			return open(id, model);
		}
		return "redirect:/practice/corrections?answered";
	}

	private static UUID requestId(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new PageNotFound();
		}
	}

}
