package nz.tiaki.lifecycle.web;

import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import nz.tiaki.access.Subject;
import nz.tiaki.identity.AccountSessions;
import nz.tiaki.identity.Accounts;
import nz.tiaki.lifecycle.DataExportRefused;
import nz.tiaki.lifecycle.DataExports;
import nz.tiaki.shared.web.PageNotFound;
import nz.tiaki.shared.web.RequestOrigin;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * "A copy of my information": ask (with a fresh second factor), watch it being made, collect
 * it once.
 */
@Controller
class MyDataController {

	private static final String PAGE = "/patient/my-data";

	private final Accounts accounts;

	private final AccountSessions sessions;

	private final DataExports exports;

	MyDataController(Accounts accounts, AccountSessions sessions, DataExports exports) {
		this.accounts = accounts;
		this.sessions = sessions;
		this.exports = exports;
	}

	private Subject me() {
		return this.accounts.subject().orElseThrow(nz.tiaki.shared.web.PageNotFound::new);
	}

	@GetMapping(PAGE)
	String page(Model model) {
		model.addAttribute("copy", this.exports.latest(me()).orElse(null));
		model.addAttribute("zone", ZoneId.of("Pacific/Auckland"));
		return "lifecycle/my-data";
	}

	@PostMapping(PAGE)
	String request(HttpSession session, Model model) {
		if (!this.sessions.stepUpFresh(session)) {
			session.setAttribute(AccountSessions.STEP_UP_NEXT, PAGE + "?confirmed");
			return "redirect:/account/confirm";
		}
		try {
			this.exports.request(me());
		}
		catch (DataExportRefused ex) {
			model.addAttribute("error", ex.getMessage());
			return page(model);
		}
		return "redirect:" + PAGE;
	}

	@GetMapping(value = PAGE + "/status", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	Map<String, Object> status() {
		return this.exports.latest(me())
			.<Map<String, Object>>map(copy -> Map.of("status", copy.status().name(), "percent", copy.percent(),
					"working", copy.working()))
			.orElse(Map.of("status", "NONE", "percent", 0, "working", false));
	}

	@PostMapping(PAGE + "/{id}/download")
	String link(@PathVariable String id, HttpServletRequest request, Model model) {
		UUID copy;
		try {
			copy = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new PageNotFound();
		}
		try {
			return "redirect:" + PAGE + "/collect/"
					+ this.exports.issueLink(me(), copy, RequestOrigin.of(request).sessionRef());
		}
		catch (DataExportRefused ex) {
			model.addAttribute("error", ex.getMessage());
			return page(model);
		}
	}

	/**
	 * Hands a copy over as it is read, part by part: the whole file is never in memory.
	 */
	@GetMapping(PAGE + "/collect/{token}")
	void collect(@PathVariable String token, HttpServletRequest request, HttpServletResponse response)
			throws java.io.IOException {
		DataExports.Collected collected;
		try {
			collected = this.exports.collect(me(), token, RequestOrigin.of(request).sessionRef());
		}
		catch (DataExportRefused ex) {
			throw new PageNotFound();
		}
		response.setContentType("application/zip");
		response.setContentLengthLong(collected.size());
		response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				ContentDisposition.attachment().filename(collected.filename()).build().toString());
		response.setHeader("X-Content-Type-Options", "nosniff");
		collected.writeTo(response.getOutputStream());
	}

}
