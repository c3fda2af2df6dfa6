package nz.tiaki.identity.web;

import java.time.ZoneId;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import nz.tiaki.identity.AccountId;
import nz.tiaki.identity.AccountSessions;
import nz.tiaki.identity.Accounts;
import nz.tiaki.identity.FactorCheck;
import nz.tiaki.identity.FactorRejected;
import nz.tiaki.identity.PasswordRejected;
import nz.tiaki.identity.SecondFactors;
import nz.tiaki.identity.SignedInAccount;
import nz.tiaki.identity.TotpEnrolment;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "My security": sessions, second factors, recovery codes and password. Every change of
 * how one signs in needs a second-factor check from the last few minutes.
 */
@Controller
class AccountController {

	static final ZoneId ZONE = ZoneId.of("Pacific/Auckland");

	private static final Map<String, String> NOTICES = Map.of("ended", "That device has been signed out.", "app",
			"Your authenticator app has been added.", "passkey", "Your passkey has been added.");

	private final Accounts accounts;

	private final SecondFactors factors;

	private final AccountSessions sessions;

	AccountController(Accounts accounts, SecondFactors factors, AccountSessions sessions) {
		this.accounts = accounts;
		this.factors = factors;
		this.sessions = sessions;
	}

	@GetMapping("/account/security")
	String security(@RequestParam(required = false) String done, HttpSession session, Model model) {
		SignedInAccount me = this.accounts.current().orElseThrow();
		if (done != null) {
			model.addAttribute("notice", NOTICES.get(done));
		}
		return page(me, session, model);
	}

	private String page(SignedInAccount me, HttpSession session, Model model) {
		model.addAttribute("username", me.username());
		model.addAttribute("patient", me.holder().kind() == nz.tiaki.identity.AccountHolder.Kind.PATIENT);
		model.addAttribute("sessions", this.sessions.sessionsOf(me.id(), session.getId()));
		model.addAttribute("factors", this.factors.factorsOf(me.id()));
		model.addAttribute("recoveryLeft", this.factors.recoveryCodesLeft(me.id()));
		model.addAttribute("zone", ZONE);
		return "identity/security";
	}

	@PostMapping("/account/sessions/{ref}/end")
	String endSession(@PathVariable String ref) {
		SignedInAccount me = this.accounts.current().orElseThrow();
		this.sessions.revoke(me.id(), ref);
		return "redirect:/account/security?done=ended";
	}

	@PostMapping("/account/password")
	String changePassword(@RequestParam(defaultValue = "") String current,
			@RequestParam(defaultValue = "") String password, @RequestParam(defaultValue = "") String confirmation,
			HttpServletRequest request, HttpSession session, Model model) {
		SignedInAccount me = this.accounts.current().orElseThrow();
		if (!this.sessions.stepUpFresh(session)) {
			return confirmFirst(session, "/account/security");
		}
		try {
			this.accounts.changePassword(me.id(), current, password, confirmation, request);
		}
		catch (PasswordRejected ex) {
			model.addAttribute("error", ex.getMessage());
			return page(me, session, model);
		}
		return "redirect:/signin?ended";
	}

	@PostMapping("/account/factors/{ref}/remove")
	String removeFactor(@PathVariable String ref, HttpServletRequest request, HttpSession session, Model model) {
		SignedInAccount me = this.accounts.current().orElseThrow();
		if (!this.sessions.stepUpFresh(session)) {
			return confirmFirst(session, "/account/security");
		}
		try {
			this.factors.remove(me.id(), ref, request);
		}
		catch (FactorRejected ex) {
			model.addAttribute("error", ex.getMessage());
			return page(me, session, model);
		}
		return "redirect:/signin?ended";
	}

	@GetMapping("/account/confirm")
	String confirm(Model model) {
		model.addAttribute("stepUp", true);
		return "identity/factor";
	}

	@PostMapping("/account/confirm")
	String confirmed(@RequestParam(defaultValue = "") String code, HttpServletRequest request,
			HttpServletResponse response, HttpSession session, Model model) {
		SignedInAccount me = this.accounts.current().orElseThrow();
		if (session.getAttribute(AccountSessions.STEP_UP_NEXT) == null) {
			session.setAttribute(AccountSessions.STEP_UP_NEXT, "/account/security");
		}
		FactorCheck check = this.factors.verifyTotp(me.id(), code);
		if (check.accepted()) {
			return "redirect:" + this.sessions.complete(request, response, me.id(), "totp");
		}
		model.addAttribute("stepUp", true);
		model.addAttribute("error", check.message());
		return "identity/factor";
	}

	@GetMapping("/account/app")
	String app(HttpSession session, Model model) {
		SignedInAccount me = this.accounts.current().orElseThrow();
		if (!this.sessions.stepUpFresh(session)) {
			return confirmFirst(session, "/account/app");
		}
		TotpEnrolment pending = EnrolmentController.pendingApp(session, me.id(), this.factors);
		model.addAttribute("manualKey", pending.manualKey());
		model.addAttribute("base", "/account/app");
		return "identity/app";
	}

	@GetMapping(value = "/account/app/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
	ResponseEntity<byte[]> appQr(HttpSession session) {
		return EnrolmentController.qr(session);
	}

	@PostMapping("/account/app")
	String addApp(@RequestParam(defaultValue = "") String code, @RequestParam(defaultValue = "") String label,
			HttpSession session, Model model) {
		SignedInAccount me = this.accounts.current().orElseThrow();
		if (!this.sessions.stepUpFresh(session)) {
			return confirmFirst(session, "/account/app");
		}
		TotpEnrolment pending = (TotpEnrolment) session.getAttribute(EnrolmentController.PENDING_APP);
		if (pending == null) {
			return "redirect:/account/app";
		}
		try {
			this.factors.confirmTotp(me.id(), pending, code, label);
		}
		catch (FactorRejected ex) {
			model.addAttribute("error", ex.getMessage());
			model.addAttribute("manualKey", pending.manualKey());
			model.addAttribute("base", "/account/app");
			return "identity/app";
		}
		session.removeAttribute(EnrolmentController.PENDING_APP);
		return "redirect:/account/security?done=app";
	}

	@GetMapping("/account/passkey")
	String passkey(HttpSession session) {
		SignedInAccount me = this.accounts.current().orElseThrow();
		if (!this.sessions.stepUpFresh(session)) {
			return confirmFirst(session, "/account/passkey");
		}
		this.factors.preparePasskeys(me.id());
		return "identity/passkey";
	}

	@PostMapping("/account/passkey")
	String passkeyAdded() {
		SignedInAccount me = this.accounts.current().orElseThrow();
		this.factors.passkeyAdded(me.id());
		return "redirect:/account/security?done=passkey";
	}

	@PostMapping("/account/recovery-codes")
	String newRecoveryCodes(HttpSession session, Model model) {
		SignedInAccount me = this.accounts.current().orElseThrow();
		if (!this.sessions.stepUpFresh(session)) {
			return confirmFirst(session, "/account/security");
		}
		model.addAttribute("codes", this.factors.issueRecoveryCodes(me.id()));
		return "identity/recovery-codes";
	}

	private static String confirmFirst(HttpSession session, String next) {
		session.setAttribute(AccountSessions.STEP_UP_NEXT, next);
		return "redirect:/account/confirm";
	}


}
