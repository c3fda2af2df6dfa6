package nz.tiaki.clinics.web;

import java.time.ZoneId;
import java.util.UUID;

import nz.tiaki.clinics.NotFound;
import nz.tiaki.clinics.PatientListPage;
import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffMember;
import nz.tiaki.identity.InvitationRejected;
import nz.tiaki.identity.IssuedInvitation;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.patients.PatientSummary;
import nz.tiaki.shared.web.PageNotFound;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The practice's home (its patient list) and inviting a patient.
 */
@Controller
class PracticeController {

	static final ZoneId ZONE = ZoneId.of("Pacific/Auckland");

	private final Practices practices;

	PracticeController(Practices practices) {
		this.practices = practices;
	}

	@GetMapping("/practice")
	String home(@RequestParam(required = false) String after, Model model) {
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
		PatientListPage.Position from = null;
		if (after != null) {
			from = PatientListPage.Position.parse(after).orElseThrow(PageNotFound::new);
		}
		PatientListPage page = this.practices.patientList(me, from);
		model.addAttribute("me", me);
		model.addAttribute("practiceName", this.practices.name(me.practice()));
		model.addAttribute("patients", page.patients());
		model.addAttribute("total", page.total());
		model.addAttribute("later", page.later());
		model.addAttribute("next", page.next() == null ? null : page.next().text());
		return "clinics/home";
	}

	@GetMapping("/practice/patients/{id}/invite")
	String inviteForm(@PathVariable String id, Model model) {
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
		PatientSummary patient = patient(me, id);
		model.addAttribute("patient", patient);
		model.addAttribute("email", patient.email() == null ? "" : patient.email());
		return "clinics/invite";
	}

	@PostMapping("/practice/patients/{id}/invite")
	String invite(@PathVariable String id, @RequestParam(defaultValue = "") String email, Model model) {
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
		PatientSummary patient = patient(me, id);
		try {
			IssuedInvitation invitation = this.practices.invitePatient(me, patient.id(), email);
			model.addAttribute("patient", patient);
			model.addAttribute("practiceName", this.practices.name(me.practice()));
			model.addAttribute("invitation", invitation);
			model.addAttribute("zone", ZONE);
			return "clinics/invited";
		}
		catch (InvitationRejected ex) {
			model.addAttribute("patient", patient);
			model.addAttribute("email", email);
			model.addAttribute("error", ex.getMessage());
			return "clinics/invite";
		}
	}

	private PatientSummary patient(StaffMember me, String id) {
		try {
			return this.practices.patientOfPractice(me, new PatientId(UUID.fromString(id)));
		}
		catch (IllegalArgumentException | NotFound ex) {
			throw new PageNotFound();
		}
	}

}
