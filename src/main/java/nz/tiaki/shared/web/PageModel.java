package nz.tiaki.shared.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every page's shell needs to know: whether the viewer is signed in, or still owes
 * the second factor.
 */
@ControllerAdvice
class PageModel {

	@ModelAttribute("viewer")
	String viewer() {
		Authentication who = SecurityContextHolder.getContext().getAuthentication();
		if (who == null || !who.isAuthenticated()) {
			return "anonymous";
		}
		for (var authority : who.getAuthorities()) {
			if (authority.getAuthority().equals("SIGNED_IN")) {
				return "signed-in";
			}
			if (authority.getAuthority().equals("PASSWORD_VERIFIED")) {
				return "second-factor-owed";
			}
		}
		return "anonymous";
	}

}
