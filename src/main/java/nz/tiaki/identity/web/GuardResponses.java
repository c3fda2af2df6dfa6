package nz.tiaki.identity.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import nz.tiaki.access.ReasonRequired;
import nz.tiaki.access.SessionLocked;
import nz.tiaki.access.StepUpRequired;
import nz.tiaki.identity.AccountSessions;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * What a person sees when the guard stops a read: a fresh second-factor check, a request
 * for a reason, or the end of a locked session.
 */
@ControllerAdvice
class GuardResponses {

	@ExceptionHandler(StepUpRequired.class)
	String stepUp(HttpServletRequest request) {
		HttpSession session = request.getSession();
		session.setAttribute(AccountSessions.STEP_UP_NEXT, returnTo(request));
		return "redirect:/account/confirm?budget";
	}

	@ExceptionHandler(ReasonRequired.class)
	String reason(HttpServletRequest request) {
		request.getSession().setAttribute("tiaki.reasonNext", returnTo(request));
		return "redirect:/practice/reason";
	}

	@ExceptionHandler(SessionLocked.class)
	String locked(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
		SecurityContextHolder.clearContext();
		return "redirect:/signin?locked";
	}

	private static String returnTo(HttpServletRequest request) {
		if ("GET".equals(request.getMethod())) {
			String query = request.getQueryString();
			return request.getRequestURI() + (query == null ? "" : "?" + query);
		}
		return request.getRequestURI().startsWith("/practice") ? "/practice" : "/patient";
	}

}
