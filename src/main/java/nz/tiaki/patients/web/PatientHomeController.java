package nz.tiaki.patients.web;

import nz.tiaki.access.AccessGate;
import nz.tiaki.access.Action;
import nz.tiaki.access.Subject;
import nz.tiaki.identity.AccountHolder;
import nz.tiaki.identity.Accounts;
import nz.tiaki.identity.SignedInAccount;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.patients.PatientSummary;
import nz.tiaki.patients.Patients;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The patient's home page.
 */
@Controller
class PatientHomeController {

	private final Accounts accounts;

	private final Patients patients;

	private final AccessGate gate;

	PatientHomeController(Accounts accounts, Patients patients, AccessGate gate) {
		this.accounts = accounts;
		this.patients = patients;
		this.gate = gate;
	}

	@GetMapping("/patient")
	String home(Model model) {
		SignedInAccount me = this.accounts.current().orElseThrow();
		if (me.holder().kind() != AccountHolder.Kind.PATIENT) {
			return "redirect:/";
		}
		Subject subject = this.accounts.subject().orElseThrow(nz.tiaki.shared.web.PageNotFound::new);
		PatientSummary patient = this.patients
			.find(this.gate.require(subject, new PatientId(me.holder().id()), Action.READ_DEMOGRAPHICS, null))
			.orElseThrow();
		model.addAttribute("patient", patient);
		return "patients/home";
	}

}
