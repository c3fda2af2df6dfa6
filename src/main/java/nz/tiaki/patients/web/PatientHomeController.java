package nz.tiaki.patients.web;

import nz.tiaki.identity.AccountHolder;
import nz.tiaki.identity.Accounts;
import nz.tiaki.identity.SignedInAccount;
import nz.tiaki.patients.PatientId;
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

	PatientHomeController(Accounts accounts, Patients patients) {
		this.accounts = accounts;
		this.patients = patients;
	}

	@GetMapping("/patient")
	String home(Model model) {
		SignedInAccount me = this.accounts.current().orElseThrow();
		if (me.holder().kind() != AccountHolder.Kind.PATIENT) {
			return "redirect:/";
		}
		PatientSummary patient = this.patients.find(new PatientId(me.holder().id())).orElseThrow();
		model.addAttribute("patient", patient);
		return "patients/home";
	}

}
