package nz.tiaki.identity.web;

import java.time.DateTimeException;
import java.time.LocalDate;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import nz.tiaki.identity.AccountId;
import nz.tiaki.identity.AccountSessions;
import nz.tiaki.identity.InvitationRejected;
import nz.tiaki.identity.Invitations;
import nz.tiaki.identity.PasswordRejected;
import nz.tiaki.identity.Redemption;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Redeeming an invitation: the only way to get an account.
 */
@Controller
class InvitationController {

	private final Invitations invitations;

	private final AccountSessions sessions;

	InvitationController(Invitations invitations, AccountSessions sessions) {
		this.invitations = invitations;
		this.sessions = sessions;
	}

	@GetMapping("/invitation")
	String patientForm(Model model) {
		return form(model, false, InvitationForm.EMPTY, null);
	}

	@GetMapping("/invitation/staff")
	String staffForm(Model model) {
		return form(model, true, InvitationForm.EMPTY, null);
	}

	@PostMapping("/invitation")
	String redeemAsPatient(@ModelAttribute InvitationForm form, @RequestParam(defaultValue = "") String password,
			@RequestParam(defaultValue = "") String confirmation, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		LocalDate birthDate;
		try {
			birthDate = LocalDate.of(Integer.parseInt(form.year().strip()), Integer.parseInt(form.month().strip()),
					Integer.parseInt(form.day().strip()));
		}
		catch (NumberFormatException | DateTimeException | NullPointerException ex) {
			return form(model, false, form, "Enter your date of birth as numbers, for example 27 3 1980.");
		}
		return redeem(new Redemption(form.code(), birthDate, null, password, confirmation), false, form, request,
				response, model);
	}

	@PostMapping("/invitation/staff")
	String redeemAsStaff(@ModelAttribute InvitationForm form, @RequestParam(defaultValue = "") String password,
			@RequestParam(defaultValue = "") String confirmation, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		return redeem(new Redemption(form.code(), null, form.email(), password, confirmation), true, form, request,
				response, model);
	}

	private String redeem(Redemption redemption, boolean staff, InvitationForm form, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		try {
			AccountId id = this.invitations.redeem(redemption);
			this.sessions.passwordSet(request, response, id);
			return "redirect:/enrol";
		}
		catch (InvitationRejected | PasswordRejected ex) {
			return form(model, staff, form, ex.getMessage());
		}
	}

	private static String form(Model model, boolean staff, InvitationForm form, String error) {
		model.addAttribute("staff", staff);
		model.addAttribute("form", form);
		model.addAttribute("error", error);
		return "identity/invitation";
	}

	/**
	 * What is shown again after a refusal; passwords never are.
	 */
	record InvitationForm(String code, String day, String month, String year, String email) {

		static final InvitationForm EMPTY = new InvitationForm("", "", "", "", "");

		@Override
		public String toString() {
			return "InvitationForm[]";
		}

	}

}
