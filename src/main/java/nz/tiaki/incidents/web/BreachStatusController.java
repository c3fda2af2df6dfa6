package nz.tiaki.incidents.web;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;
import nz.tiaki.incidents.Notices;
import nz.tiaki.shared.web.RequestOrigin;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The public breach-status page: with the code from their letter, a person sees what of
 * theirs was affected. No sign-in, nothing without a code, and ten wrong codes from one
 * address in 15 minutes pause it.
 */
@Controller
class BreachStatusController {

	static final int ATTEMPTS = 10;

	static final Duration WINDOW = Duration.ofMinutes(15);

	private final Notices notices;

	private final AuditTrail audit;

	private final Clock clock;

	BreachStatusController(Notices notices, AuditTrail audit, Clock clock) {
		this.notices = notices;
		this.audit = audit;
		this.clock = clock;
	}

	@GetMapping("/breach-status")
	String form() {
		return "incidents/status";
	}

	@PostMapping("/breach-status")
	String status(@RequestParam(defaultValue = "") String code, Model model) {
		String address = RequestOrigin.current().address();
		if (this.audit.countFrom(SecurityEventType.BREACH_STATUS_REFUSED, address,
				this.clock.instant().minus(WINDOW)) >= ATTEMPTS) {
			model.addAttribute("error", "Too many codes were tried from here. Wait 15 minutes and try again.");
			return "incidents/status";
		}
		Optional<Notices.NoticeStatus> found = code.length() > 40 ? Optional.empty() : this.notices.status(code);
		if (found.isEmpty()) {
			this.audit.record(SecurityEventType.BREACH_STATUS_REFUSED, null, null);
			model.addAttribute("error", "We could not find that code. Check it against your letter.");
			return "incidents/status";
		}
		this.audit.record(SecurityEventType.BREACH_STATUS_SHOWN, null, null);
		model.addAttribute("notice", found.get());
		model.addAttribute("zone", ZoneId.of("Pacific/Auckland"));
		return "incidents/status";
	}

}
