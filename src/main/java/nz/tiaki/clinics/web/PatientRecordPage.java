package nz.tiaki.clinics.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.AccessGate;
import nz.tiaki.access.Action;
import nz.tiaki.access.Subject;
import nz.tiaki.clinics.NotFound;
import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffMember;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.DocumentRejected;
import nz.tiaki.documents.Documents;
import nz.tiaki.patients.Nhi;
import nz.tiaki.patients.PatientSummary;
import nz.tiaki.patients.Patients;
import nz.tiaki.records.Category;
import nz.tiaki.records.EntryId;
import nz.tiaki.records.EntryNotFound;
import nz.tiaki.records.EntryRejected;
import nz.tiaki.records.EntryView;
import nz.tiaki.records.NewEntries;
import nz.tiaki.records.Records;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.web.PageNotFound;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * A patient's record as their care team sees it: details for everyone at the practice, the
 * clinical record for doctors and nurses, who can also add entries and release results.
 * Emergency access for a clinician outside the care team.
 */
@Controller
class PatientRecordPage {

	static final String NOT_AT_THIS_PRACTICE = "No patient with that NHI number is enrolled at your practice.";

	private final Practices practices;

	private final Records records;

	private final Patients patients;

	private final AccessGate gate;

	private final Documents documents;

	private final nz.tiaki.records.Corrections corrections;

	private final nz.tiaki.patients.ProxyArrangements proxies;

	PatientRecordPage(Practices practices, Records records, Patients patients, AccessGate gate, Documents documents,
			nz.tiaki.records.Corrections corrections, nz.tiaki.patients.ProxyArrangements proxies) {
		this.corrections = corrections;
		this.proxies = proxies;
		this.documents = documents;
		this.practices = practices;
		this.records = records;
		this.patients = patients;
		this.gate = gate;
	}

	@GetMapping("/practice/patients/{id}")
	String record(@PathVariable String id, Model model) {
		return page(id, model, null, null);
	}

	private String page(String id, Model model, String error, String notice) {
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
		PatientId patient = patientId(id);
		PatientSummary summary;
		try {
			summary = this.practices.patientOfPractice(me, patient);
		}
		catch (NotFound ex) {
			throw new PageNotFound();
		}
		Subject subject = this.practices.subject(me);
		model.addAttribute("patient", summary);
		model.addAttribute("me", me);
		model.addAttribute("error", error);
		model.addAttribute("notice", notice);
		model.addAttribute("categories", Category.values());
		model.addAttribute("parentLinks", this.proxies.parentLinksOf(subject, patient));
		model.addAttribute("parentLinkAge", this.practices.parentLinkAge(me.practice()));
		model.addAttribute("zone", java.time.ZoneId.of("Pacific/Auckland"));
		try {
			Map<Category, List<nz.tiaki.records.Entry>> clinical = this.records.summary(subject, patient);
			model.addAttribute("clinical", true);
			model.addAttribute("conditions", EntryView.all(clinical.get(Category.CONDITION)));
			model.addAttribute("medications", EntryView.all(clinical.get(Category.MEDICATION)));
			model.addAttribute("allergies", EntryView.all(clinical.get(Category.ALLERGY)));
			model.addAttribute("immunisations", EntryView.all(clinical.get(Category.IMMUNISATION)));
			model.addAttribute("results", EntryView.all(this.records.list(subject, patient, Category.RESULT)));
			model.addAttribute("notes", EntryView.all(this.records.list(subject, patient, Category.NOTE)));
			model.addAttribute("documents", this.documents.list(subject, patient));
			model.addAttribute("statements", this.corrections.statementsFor(subject, patient));
			model.addAttribute("kinds", java.util.List.of(DocumentKind.LETTER, DocumentKind.RESULT,
					DocumentKind.DISCHARGE_SUMMARY, DocumentKind.REFERRAL, DocumentKind.OTHER));
			model.addAttribute("zone", java.time.ZoneId.of("Pacific/Auckland"));
		}
		catch (AccessDenied ex) {
			model.addAttribute("clinical", false);
		}
		return "clinics/patient";
	}

	@PostMapping("/practice/patients/{id}/entries")
	String add(@PathVariable String id, @RequestParam(defaultValue = "") String category,
			@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String detail,
			@RequestParam(defaultValue = "") String value, @RequestParam(defaultValue = "") String unit,
			@RequestParam(defaultValue = "") String low, @RequestParam(defaultValue = "") String high, Model model) {
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
		PatientId patient = patientId(id);
		Category chosen;
		try {
			chosen = Category.valueOf(category);
		}
		catch (IllegalArgumentException ex) {
			return page(id, model, "Choose what kind of entry to add.", null);
		}
		try {
			this.records.add(this.practices.subject(me), patient,
					NewEntries.build(chosen, name, detail, value, unit, low, high));
		}
		catch (EntryRejected ex) {
			return page(id, model, ex.getMessage(), null);
		}
		catch (AccessDenied ex) {
			throw new PageNotFound();
		}
		return "redirect:/practice/patients/" + patient + "?added";
	}

	@PostMapping("/practice/patients/{id}/documents")
	String publish(@PathVariable String id, @RequestParam(defaultValue = "") String title,
			@RequestParam(defaultValue = "OTHER") String kind, @RequestParam(required = false) MultipartFile file,
			Model model) throws java.io.IOException {
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
		PatientId patient = patientId(id);
		DocumentKind chosen;
		try {
			chosen = DocumentKind.valueOf(kind);
		}
		catch (IllegalArgumentException ex) {
			chosen = DocumentKind.OTHER;
		}
		try {
			this.documents.publish(this.practices.subject(me), patient, chosen, title,
					file == null ? null : file.getOriginalFilename(), file == null ? new byte[0] : file.getBytes());
		}
		catch (DocumentRejected ex) {
			return page(id, model, "The document was not published: " + ex.getMessage(), null);
		}
		catch (AccessDenied ex) {
			throw new PageNotFound();
		}
		return "redirect:/practice/patients/" + patient + "?published";
	}

	@PostMapping("/practice/patients/{id}/parent-links")
	String linkParent(@PathVariable String id, @RequestParam(defaultValue = "") String email,
			@RequestParam(defaultValue = "false") boolean checked, Model model) {
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
		PatientId child = patientId(id);
		if (!checked) {
			return page(id, model, "Confirm you have checked this person is the child's parent or legal guardian.",
					null);
		}
		try {
			this.proxies.linkParent(this.practices.subject(me), child, email, this.practices.parentLinkAge(me.practice()));
		}
		catch (nz.tiaki.patients.ProxyRefused ex) {
			return page(id, model, ex.getMessage(), null);
		}
		catch (AccessDenied ex) {
			throw new PageNotFound();
		}
		return "redirect:/practice/patients/" + child + "?linked";
	}

	@PostMapping("/practice/patients/{id}/parent-links/{link}/end")
	String endParentLink(@PathVariable String id, @PathVariable String link) {
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
		PatientId child = patientId(id);
		try {
			this.proxies.endParentLink(this.practices.subject(me), child, java.util.UUID.fromString(link));
		}
		catch (AccessDenied | IllegalArgumentException ex) {
			throw new PageNotFound();
		}
		return "redirect:/practice/patients/" + child + "?unlinked";
	}

	@PostMapping("/practice/entries/{entry}/release")
	String release(@PathVariable String entry, @RequestParam(defaultValue = "") String patient) {
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
		try {
			this.records.release(this.practices.subject(me), new EntryId(UUID.fromString(entry)));
		}
		catch (IllegalArgumentException | EntryNotFound ex) {
			throw new PageNotFound();
		}
		return "redirect:/practice/patients/" + patientId(patient) + "?released";
	}

	@GetMapping("/practice/find")
	String find(@RequestParam(defaultValue = "") String nhi, Model model) {
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
		model.addAttribute("nhi", nhi);
		Nhi number;
		try {
			number = Nhi.parse(nhi);
		}
		catch (Nhi.InvalidNhi ex) {
			model.addAttribute("error", ex.getMessage());
			return "clinics/find";
		}
		boolean clinician = me.role().name().equals("DOCTOR") || me.role().name().equals("NURSE");
		var found = this.patients.findByNhi(number);
		if (found.isEmpty()) {
			this.gate.recordUnknown(this.practices.subject(me), Action.READ_DEMOGRAPHICS, "nhi-lookup");
			model.addAttribute("error", clinician ? "No patient with that NHI number uses Tiaki."
					: NOT_AT_THIS_PRACTICE);
			return "clinics/find";
		}
		try {
			this.practices.patientOfPractice(me, found.get());
			return "redirect:/practice/patients/" + found.get();
		}
		catch (NotFound ex) {
			if (!clinician) {
				model.addAttribute("error", NOT_AT_THIS_PRACTICE);
				return "clinics/find";
			}
			model.addAttribute("emergencyFor", found.get().toString());
			return "clinics/find";
		}
	}

	@PostMapping("/practice/patients/{id}/emergency")
	String breakGlass(@PathVariable String id, @RequestParam(defaultValue = "") String reason,
			@RequestParam(defaultValue = "") String nhi, Model model) {
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
		PatientId patient = patientId(id);
		if (!this.patients.registered(patient)) {
			throw new PageNotFound();
		}
		try {
			this.gate.breakGlass(this.practices.subject(me), patient, reason);
		}
		catch (AccessDenied ex) {
			model.addAttribute("nhi", nhi);
			model.addAttribute("emergencyFor", patient.toString());
			model.addAttribute("error",
					"Emergency access needs a reason of at least 10 characters, and is only for doctors and nurses.");
			return "clinics/find";
		}
		return "redirect:/practice/patients/" + patient;
	}

	private static PatientId patientId(String id) {
		try {
			return new PatientId(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			throw new PageNotFound();
		}
	}

}
