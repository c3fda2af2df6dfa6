package nz.tiaki.lifecycle.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import nz.tiaki.identity.AccountSessions;
import nz.tiaki.identity.Accounts;
import nz.tiaki.identity.SignedInAccount;
import nz.tiaki.lifecycle.AccountClosure;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A patient closes their own account, after reading what happens, offered their documents
 * first, ticking that they understand, and confirming with their second factor.
 */
@Controller
class ClosureController {

	private static final String PAGE = "/patient/account/close";

	private final Accounts accounts;

	private final AccountSessions sessions;

	private final AccountClosure closure;

	ClosureController(Accounts accounts, AccountSessions sessions, AccountClosure closure) {
		this.accounts = accounts;
		this.sessions = sessions;
		this.closure = closure;
	}

	@GetMapping(PAGE)
	String explain() {
		return "lifecycle/close";
	}

	@PostMapping(PAGE)
	String close(@RequestParam(defaultValue = "false") boolean understood, HttpServletRequest request,
			HttpSession session, Model model) {
		SignedInAccount me = this.accounts.current().orElseThrow();
		if (!understood) {
			model.addAttribute("error", "Tick the box to say you understand what closing your account does.");
			return "lifecycle/close";
		}
		if (!this.sessions.stepUpFresh(session)) {
			session.setAttribute(AccountSessions.STEP_UP_NEXT, PAGE + "?confirmed");
			return "redirect:/account/confirm";
		}
		this.closure.close(this.accounts.subject().orElseThrow(nz.tiaki.shared.web.PageNotFound::new), me.id(), request);
		return "redirect:/signin?closed";
	}

}
