package nz.tiaki.identity.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import nz.tiaki.identity.AccountId;
import nz.tiaki.identity.AccountSessions;
import nz.tiaki.identity.Accounts;
import nz.tiaki.identity.FactorCheck;
import nz.tiaki.identity.SecondFactors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Sign-in: the password page and the second-factor page.
 */
@Controller
class SignInController {

	private final Accounts accounts;

	private final SecondFactors factors;

	private final AccountSessions sessions;

	SignInController(Accounts accounts, SecondFactors factors, AccountSessions sessions) {
		this.accounts = accounts;
		this.factors = factors;
		this.sessions = sessions;
	}

	@GetMapping("/")
	String home() {
		if (this.accounts.current().isPresent()) {
			Authentication who = SecurityContextHolder.getContext().getAuthentication();
			return "redirect:" + AccountSessions.homeFor(who);
		}
		if (this.accounts.pending().isPresent()) {
			return "redirect:/signin/factor";
		}
		return "redirect:/signin";
	}

	@GetMapping("/signin")
	String signIn() {
		return "identity/signin";
	}

	@GetMapping("/signin/factor")
	String factor(Model model) {
		AccountId id = this.accounts.pending().orElseThrow();
		if (!this.factors.hasAny(id)) {
			return "redirect:/enrol";
		}
		model.addAttribute("stepUp", false);
		return "identity/factor";
	}

	@PostMapping("/signin/factor/code")
	String code(@RequestParam(defaultValue = "") String code, HttpServletRequest request, HttpServletResponse response,
			Model model) {
		AccountId id = this.accounts.pending().orElseThrow();
		FactorCheck check = this.factors.verifyTotp(id, code);
		if (check.accepted()) {
			return "redirect:" + this.sessions.complete(request, response, id, "totp");
		}
		model.addAttribute("stepUp", false);
		model.addAttribute("error", check.message());
		return "identity/factor";
	}

	@PostMapping("/signin/factor/recovery")
	String recovery(@RequestParam(defaultValue = "") String code, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		AccountId id = this.accounts.pending().orElseThrow();
		FactorCheck check = this.factors.useRecoveryCode(id, code);
		if (check.accepted()) {
			return "redirect:" + this.sessions.complete(request, response, id, "recovery-code");
		}
		model.addAttribute("stepUp", false);
		model.addAttribute("error", check.result() == FactorCheck.Result.REFUSED
				? "That recovery code did not work. Each code works once; check it and try again." : check.message());
		return "identity/factor";
	}

}
