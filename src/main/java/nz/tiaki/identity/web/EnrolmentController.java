package nz.tiaki.identity.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import nz.tiaki.identity.AccountId;
import nz.tiaki.identity.AccountSessions;
import nz.tiaki.identity.Accounts;
import nz.tiaki.identity.FactorRejected;
import nz.tiaki.identity.SecondFactors;
import nz.tiaki.identity.TotpEnrolment;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * First sign-in: the person adds their first second factor, sees their recovery codes, and
 * only then reaches anything else.
 */
@Controller
class EnrolmentController {

	static final String PENDING_APP = "tiaki.pendingApp";

	private final Accounts accounts;

	private final SecondFactors factors;

	private final AccountSessions sessions;

	EnrolmentController(Accounts accounts, SecondFactors factors, AccountSessions sessions) {
		this.accounts = accounts;
		this.factors = factors;
		this.sessions = sessions;
	}

	@GetMapping("/enrol")
	String choose(Model model) {
		AccountId id = this.accounts.pending().orElseThrow();
		if (this.factors.hasAny(id)) {
			return "redirect:/signin/factor";
		}
		this.factors.preparePasskeys(id);
		model.addAttribute("username", this.accounts.username(id));
		return "identity/enrol";
	}

	@GetMapping("/enrol/app")
	String app(HttpSession session, Model model) {
		AccountId id = this.accounts.pending().orElseThrow();
		if (this.factors.hasAny(id)) {
			return "redirect:/signin/factor";
		}
		TotpEnrolment pending = pendingApp(session, id, this.factors);
		model.addAttribute("manualKey", pending.manualKey());
		model.addAttribute("base", "/enrol/app");
		return "identity/app";
	}

	@GetMapping(value = "/enrol/app/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
	ResponseEntity<byte[]> appQr(HttpSession session) {
		return qr(session);
	}

	@PostMapping("/enrol/app")
	String confirmApp(@RequestParam(defaultValue = "") String code, @RequestParam(defaultValue = "") String label,
			HttpServletRequest request, HttpServletResponse response, HttpSession session, Model model) {
		AccountId id = this.accounts.pending().orElseThrow();
		if (this.factors.hasAny(id)) {
			return "redirect:/signin/factor";
		}
		TotpEnrolment pending = (TotpEnrolment) session.getAttribute(PENDING_APP);
		if (pending == null) {
			return "redirect:/enrol/app";
		}
		try {
			this.factors.confirmTotp(id, pending, code, label);
		}
		catch (FactorRejected ex) {
			model.addAttribute("error", ex.getMessage());
			model.addAttribute("manualKey", pending.manualKey());
			model.addAttribute("base", "/enrol/app");
			return "identity/app";
		}
		session.removeAttribute(PENDING_APP);
		return finish(id, "totp-enrolment", request, response, model);
	}

	@PostMapping("/enrol/passkey")
	String passkeyDone(HttpServletRequest request, HttpServletResponse response, Model model) {
		AccountId id = this.accounts.pending().orElseThrow();
		if (!this.factors.passkeyAdded(id)) {
			return "redirect:/enrol";
		}
		return finish(id, "passkey-enrolment", request, response, model);
	}

	private String finish(AccountId id, String method, HttpServletRequest request, HttpServletResponse response,
			Model model) {
		List<String> codes = this.factors.issueRecoveryCodes(id);
		this.sessions.complete(request, response, id, method);
		model.addAttribute("codes", codes);
		return "identity/recovery-codes";
	}

	static TotpEnrolment pendingApp(HttpSession session, AccountId id, SecondFactors factors) {
		TotpEnrolment pending = (TotpEnrolment) session.getAttribute(PENDING_APP);
		if (pending == null) {
			pending = factors.startTotp(id);
			session.setAttribute(PENDING_APP, pending);
		}
		return pending;
	}

	static ResponseEntity<byte[]> qr(HttpSession session) {
		TotpEnrolment pending = (TotpEnrolment) session.getAttribute(PENDING_APP);
		if (pending == null) {
			return ResponseEntity.notFound().build();
		}
		return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(QrCodes.png(pending.uri(), 220));
	}

}
