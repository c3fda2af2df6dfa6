package nz.tiaki.shared.web;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Every error the container sees ends here: a plain-language page with a reference for
 * people, or an RFC 9457 problem for JSON clients. Never a stack trace, never request
 * data.
 */
@Controller
class ErrorPages implements ErrorController {

	static final String TYPE_BASE = "https://tiaki.nz/problems/";

	private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);

	private static final Map<Integer, String[]> MESSAGES = Map.of(400,
			new String[] { "That request could not be understood", "Something in it was missing or not in the right form. Go back and try again.", "bad-request" },
			403, new String[] { "You cannot open this page", "Your account does not have access to it.", "forbidden" },
			404, new String[] { "Page not found", "Check the address, or go back to your home page.", "not-found" },
			405, new String[] { "That request could not be understood", "Go back and try again.", "method-not-allowed" },
			413, new String[] { "That was too large", "What you sent is larger than Tiaki accepts. Send something smaller.", "too-large" },
			503, new String[] { "Tiaki is unavailable for a moment", "Nothing you sent was lost. Try again in a few minutes.", "unavailable" });

	private static final String[] FALLBACK = { "Something went wrong", "Nothing you sent was saved. Try again; if it keeps happening, contact your practice and quote the reference below.", "internal" };

	@RequestMapping(value = "/error", produces = MediaType.TEXT_HTML_VALUE)
	String page(HttpServletRequest request, HttpServletResponse response, Model model) {
		int status = status(request);
		String[] text = MESSAGES.getOrDefault(status, FALLBACK);
		String reference = reference(request, status);
		response.setStatus(status);
		model.addAttribute("title", text[0]);
		model.addAttribute("message", text[1]);
		model.addAttribute("reference", reference);
		model.addAttribute("status", status);
		return "shared/error";
	}

	@RequestMapping("/error")
	@ResponseBody
	ResponseEntity<ProblemDetail> problem(HttpServletRequest request) {
		int status = status(request);
		String[] text = MESSAGES.getOrDefault(status, FALLBACK);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), text[1]);
		problem.setTitle(text[0]);
		problem.setType(URI.create(TYPE_BASE + text[2]));
		problem.setProperty("reference", reference(request, status));
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static int status(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		int status = code instanceof Integer value ? value : 500;
		if (status == 500 && DatabaseOutage.caused(request.getAttribute(RequestDispatcher.ERROR_EXCEPTION))) {
			return 503;
		}
		return HttpStatus.resolve(status) == null ? 500 : status;
	}

	private static String reference(HttpServletRequest request, int status) {
		String reference = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
		Object error = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		if (status >= 500) {
			if (error instanceof Throwable failure) {
				log.error("Request failed, reference {} ({})", reference, failure.getClass().getName(), failure);
			}
			else {
				log.error("Request failed, reference {}", reference);
			}
		}
		return reference;
	}

}
