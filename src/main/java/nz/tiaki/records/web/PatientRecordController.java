package nz.tiaki.records.web;

import java.util.UUID;

import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.Subject;
import nz.tiaki.identity.Accounts;
import nz.tiaki.records.Category;
import nz.tiaki.records.Entry;
import nz.tiaki.records.EntryId;
import nz.tiaki.records.EntryNotFound;
import nz.tiaki.records.EntryView;
import nz.tiaki.records.Records;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.web.PageNotFound;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The patient's own health record pages.
 */
@Controller
class PatientRecordController {

	private final Accounts accounts;

	private final Records records;

	PatientRecordController(Accounts accounts, Records records) {
		this.accounts = accounts;
		this.records = records;
	}

	@GetMapping("/patient/health")
	String health(Model model) {
		Subject me = me();
		var summary = this.records.summary(me, new PatientId(me.id()));
		model.addAttribute("conditions", EntryView.all(summary.get(Category.CONDITION)));
		model.addAttribute("medications", EntryView.all(summary.get(Category.MEDICATION)));
		model.addAttribute("allergies", EntryView.all(summary.get(Category.ALLERGY)));
		model.addAttribute("immunisations", EntryView.all(summary.get(Category.IMMUNISATION)));
		return "records/health";
	}

	@GetMapping("/patient/results")
	String results(Model model) {
		Subject me = me();
		model.addAttribute("results", EntryView.all(this.records.list(me, new PatientId(me.id()), Category.RESULT)));
		return "records/results";
	}

	@GetMapping("/patient/results/{id}")
	String result(@PathVariable String id, Model model) {
		Entry entry = entry(id, Category.RESULT);
		model.addAttribute("entry", EntryView.of(entry));
		return "records/result";
	}

	@GetMapping("/patient/notes")
	String notes(Model model) {
		Subject me = me();
		model.addAttribute("notes", EntryView.all(this.records.list(me, new PatientId(me.id()), Category.NOTE)));
		return "records/notes";
	}

	@GetMapping("/patient/notes/{id}")
	String note(@PathVariable String id, Model model) {
		model.addAttribute("entry", EntryView.of(entry(id, Category.NOTE)));
		return "records/note";
	}

	private Entry entry(String id, Category expected) {
		UUID value;
		try {
			value = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new PageNotFound();
		}
		try {
			Entry entry = this.records.get(me(), new EntryId(value));
			if (entry.category() != expected) {
				throw new PageNotFound();
			}
			return entry;
		}
		catch (EntryNotFound | AccessDenied ex) {
			throw new PageNotFound();
		}
	}

	private Subject me() {
		return this.accounts.subject().orElseThrow(nz.tiaki.shared.web.PageNotFound::new);
	}

	@ExceptionHandler(AccessDenied.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String denied() {
		return "shared/not-found";
	}

}
