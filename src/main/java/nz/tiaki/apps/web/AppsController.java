package nz.tiaki.apps.web;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;
import nz.tiaki.apps.Apps;
import nz.tiaki.apps.ScopeWords;
import nz.tiaki.identity.Accounts;
import nz.tiaki.identity.SignedInAccount;
import nz.tiaki.shared.web.ContentSecurityPolicy;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The consent page an app sends a patient to, and the patient's list of connected apps.
 */
@Controller
class AppsController {

	private static final ZoneId ZONE = ZoneId.of("Pacific/Auckland");

	private final Apps apps;

	private final Accounts accounts;

	AppsController(Apps apps, Accounts accounts) {
		this.apps = apps;
		this.accounts = accounts;
	}

	@GetMapping("/patient/apps/consent")
	String consent(@RequestParam(name = "client_id", defaultValue = "") String clientId,
			@RequestParam(defaultValue = "") String scope, @RequestParam(defaultValue = "") String state, Model model,
			HttpServletResponse response) {
		String name = this.apps.nameOf(clientId).orElse(null);
		if (name == null || state.isBlank()) {
			model.addAttribute("error", "This request to connect an app is not valid. Go back to the app and try again.");
			return "apps/consent";
		}
		List<Choice> choices = new ArrayList<>();
		Set<String> silent = new LinkedHashSet<>();
		for (String one : new LinkedHashSet<>(Arrays.asList(scope.split(" ")))) {
			if (one.isBlank() || one.equals("openid")) {
				continue;
			}
			String words = ScopeWords.describe(one);
			if (words == null) {
				silent.add(one);
			}
			else {
				choices.add(new Choice(one, words, "scope-" + choices.size()));
			}
		}
		model.addAttribute("appName", name);
		model.addAttribute("clientId", clientId);
		model.addAttribute("state", state);
		model.addAttribute("choices", choices);
		model.addAttribute("silent", silent);
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("Content-Security-Policy",
				ContentSecurityPolicy.withFormActions(String.join(" ", this.apps.redirectSources(clientId))));
		return "apps/consent";
	}

	@GetMapping("/patient/apps")
	String connected(@RequestParam(required = false) String done, Model model) {
		SignedInAccount me = this.accounts.current().orElseThrow();
		model.addAttribute("apps", this.apps.connected(me.id())
			.stream()
			.map(app -> new Listed(app.clientId(), app.name(), app.since().atZone(ZONE).toLocalDate(),
					app.scopes().stream().map(ScopeWords::describe).filter(w -> w != null).sorted().distinct().toList()))
			.toList());
		if (done != null) {
			model.addAttribute("notice", "The app was disconnected. It can no longer read your record.");
		}
		return "apps/connected";
	}

	@PostMapping("/patient/apps/{clientId}/disconnect")
	String disconnect(@PathVariable String clientId) {
		SignedInAccount me = this.accounts.current().orElseThrow();
		this.apps.disconnect(me.id(), clientId);
		return "redirect:/patient/apps?done";
	}

	/**
	 * A scope the patient can leave out.
	 *
	 * @param scope the scope
	 * @param words what it means
	 * @param fieldId the checkbox's id
	 */
	record Choice(String scope, String words, String fieldId) {
	}

	/**
	 * A connected app, for the list.
	 *
	 * @param clientId the app
	 * @param name its name
	 * @param since when it was connected
	 * @param allowed what it may read, in words
	 */
	record Listed(String clientId, String name, java.time.LocalDate since, List<String> allowed) {
	}

}
