package nz.tiaki.patients.web;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import nz.tiaki.access.AccessHistory;
import nz.tiaki.access.Subject;
import nz.tiaki.identity.Accounts;
import nz.tiaki.shared.ids.PatientId;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Shows a patient every access to their information.
 */
@Controller
class AccessHistoryController {

	private static final Map<String, Duration> PERIODS = Map.of("30d", Duration.ofDays(30), "12m",
			Duration.ofDays(365));

	private final Accounts accounts;

	private final AccessHistory history;

	AccessHistoryController(Accounts accounts, AccessHistory history) {
		this.accounts = accounts;
		this.history = history;
	}

	@GetMapping("/patient/access")
	String history(@RequestParam(defaultValue = "30d") String period, Model model) {
		Subject me = this.accounts.subject().orElseThrow(nz.tiaki.shared.web.PageNotFound::new);
		String chosen = PERIODS.containsKey(period) || period.equals("all") ? period : "30d";
		model.addAttribute("items", this.history.of(me, new PatientId(me.id()), PERIODS.get(chosen)));
		model.addAttribute("period", chosen);
		model.addAttribute("zone", ZoneId.of("Pacific/Auckland"));
		return "access/history";
	}

}
