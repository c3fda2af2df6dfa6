package nz.tiaki.records.web;

import java.time.ZoneId;
import java.util.UUID;

import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.Subject;
import nz.tiaki.identity.Accounts;
import nz.tiaki.records.CorrectionRefused;
import nz.tiaki.records.Corrections;
import nz.tiaki.records.EntryId;
import nz.tiaki.records.EntryNotFound;
import nz.tiaki.records.EntryView;
import nz.tiaki.records.Records;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.web.PageNotFound;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A patient asks for a correction of their record and sees the answers.
 */
@Controller
class CorrectionsController {

	private final Accounts accounts;

	private final Records records;

	private final Corrections corrections;

	CorrectionsController(Accounts accounts, Records records, Corrections corrections) {
		this.accounts = accounts;
		this.records = records;
		this.corrections = corrections;
	}

	private Subject me() {
		return this.accounts.subject().orElseThrow(nz.tiaki.shared.web.PageNotFound::new);
	}

	private EntryId entryId(String id) {
		try {
			return new EntryId(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			throw new PageNotFound();
		}
	}

	@GetMapping("/patient/record/{id}/correction")
	String form(@PathVariable String id, Model model) {
		try {
			model.addAttribute("entry", EntryView.of(this.records.get(me(), entryId(id), new PatientId(me().id()))));
		}
		catch (EntryNotFound | AccessDenied ex) {
			throw new PageNotFound();
		}
		return "records/correction";
	}

	@PostMapping("/patient/record/{id}/correction")
	String request(@PathVariable String id, @RequestParam(defaultValue = "") String request, Model model) {
		try {
			this.corrections.request(me(), entryId(id), request);
		}
		catch (EntryNotFound | AccessDenied ex) {
			throw new PageNotFound();
		}
		catch (CorrectionRefused ex) {
			model.addAttribute("error", ex.getMessage());
			model.addAttribute("request", request);
			return form(id, model);
		}
		return "redirect:/patient/corrections?sent";
	}

	@GetMapping("/patient/corrections")
	String list(Model model) {
		model.addAttribute("corrections", this.corrections.of(me()));
		model.addAttribute("zone", ZoneId.of("Pacific/Auckland"));
		return "records/corrections";
	}

}
