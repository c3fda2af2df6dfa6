package nz.tiaki.incidents.web;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpSession;

import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;
import nz.tiaki.clinics.Practices;
import nz.tiaki.guard.Alert;
import nz.tiaki.guard.Guard;
import nz.tiaki.identity.AccountSessions;
import nz.tiaki.identity.Accounts;
import nz.tiaki.identity.SignedInAccount;
import nz.tiaki.incidents.Containment;
import nz.tiaki.incidents.Exposure;
import nz.tiaki.incidents.Incidents;
import nz.tiaki.incidents.Notices;
import nz.tiaki.incidents.Scope;
import nz.tiaki.shared.ids.PracticeId;
import nz.tiaki.shared.web.PageNotFound;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The operator console: every practice's alerts with the audit slice behind each, and breach
 * response — scope an incident from the audit, contain it in one action, issue the notices.
 * Reached only by operators, from the operators' addresses; containing and notifying need a
 * fresh second-factor check. It shows ids and counts, never a record.
 */
@Controller
class OperatorController {

	private static final ZoneId NZ = ZoneId.of("Pacific/Auckland");

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

	private static final int ALERTS = 200;

	private final Guard guard;

	private final Incidents incidents;

	private final Notices notices;

	private final Practices practices;

	private final Accounts accounts;

	private final AccountSessions sessions;

	private final AuditTrail audit;

	private final Path noticesFolder;

	OperatorController(Guard guard, Incidents incidents, Notices notices, Practices practices, Accounts accounts,
			AccountSessions sessions, AuditTrail audit,
			@Value("${tiaki.incidents.notices-folder:./data/notices}") String noticesFolder) {
		this.guard = guard;
		this.incidents = incidents;
		this.notices = notices;
		this.practices = practices;
		this.accounts = accounts;
		this.sessions = sessions;
		this.audit = audit;
		this.noticesFolder = Path.of(noticesFolder).toAbsolutePath().normalize();
	}

	@GetMapping("/operator")
	String home(Model model) {
		List<Alert> alerts = this.guard.allAlerts(ALERTS);
		model.addAttribute("alerts", alerts);
		model.addAttribute("practiceNames", practiceNames(alerts.stream().map(Alert::practiceId).toList()));
		model.addAttribute("zone", NZ);
		return "incidents/operator";
	}

	@GetMapping("/operator/alerts/{id}")
	String alert(@PathVariable String id, Model model) {
		Alert alert = find(id);
		model.addAttribute("alert", alert);
		model.addAttribute("practice", alert.practiceId() == null ? null
				: this.practices.name(new PracticeId(alert.practiceId())));
		model.addAttribute("locked", this.guard.stillLocked(alert));
		model.addAttribute("events", alert.sessionRef() != null
				? this.audit.bySession(alert.sessionRef(), alert.windowFrom(), alert.windowTo().plusSeconds(1))
				: alert.accountId() != null
						? this.audit.byAccount(alert.accountId(), alert.windowFrom(), alert.windowTo().plusSeconds(1))
						: List.of());
		model.addAttribute("scopeLink", UriComponentsBuilder.fromPath("/operator/incidents/new")
			.queryParamIfPresent("accounts", java.util.Optional.ofNullable(alert.accountId()))
			.queryParamIfPresent("sessions", java.util.Optional.ofNullable(alert.sessionRef()))
			.queryParam("from", LOCAL.format(alert.windowFrom().atZone(NZ).minusHours(1)))
			.queryParam("to", LOCAL.format(alert.windowTo().atZone(NZ).plusHours(1)))
			.encode()
			.build()
			.toUriString());
		model.addAttribute("zone", NZ);
		return "incidents/operator-alert";
	}

	@PostMapping("/operator/alerts/{id}/lift")
	String lift(@PathVariable String id) {
		Alert alert = find(id);
		this.guard.lift(alert, me().id().value());
		return "redirect:/operator/alerts/" + alert.id() + "?lifted";
	}

	@GetMapping("/operator/incidents/new")
	String newIncident(@RequestParam(defaultValue = "") String accounts, @RequestParam(defaultValue = "") String sessions,
			@RequestParam(defaultValue = "") String addresses, @RequestParam(defaultValue = "") String from,
			@RequestParam(defaultValue = "") String to, Model model) {
		model.addAttribute("form", new ScopeForm(accounts, sessions, addresses, from, to));
		return "incidents/operator-new";
	}

	@GetMapping("/operator/incidents/scope")
	String scope(@RequestParam(defaultValue = "") String accounts, @RequestParam(defaultValue = "") String sessions,
			@RequestParam(defaultValue = "") String addresses, @RequestParam(defaultValue = "") String from,
			@RequestParam(defaultValue = "") String to, Model model) {
		ScopeForm form = new ScopeForm(accounts, sessions, addresses, from, to);
		model.addAttribute("form", form);
		List<String> problems = new ArrayList<>();
		Scope scope = form.scope(problems);
		if (scope == null) {
			model.addAttribute("problems", problems);
			return "incidents/operator-new";
		}
		long started = System.nanoTime();
		Exposure exposure = this.incidents.scope(scope);
		long millis = (System.nanoTime() - started) / 1_000_000;
		this.audit.record(SecurityEventType.INCIDENT_SCOPED, me().id().value(), "patients:" + exposure.patients().size()
				+ " documents:" + exposure.documentsReceived().size());
		model.addAttribute("exposure", exposure);
		model.addAttribute("millis", millis);
		model.addAttribute("byPractice", practiceNames(exposure.patientsByPractice()));
		return "incidents/operator-scope";
	}

	@PostMapping("/operator/incidents/contain")
	String contain(@RequestParam(defaultValue = "") String accounts, @RequestParam(defaultValue = "") String sessions,
			@RequestParam(defaultValue = "") String addresses, @RequestParam(defaultValue = "") String from,
			@RequestParam(defaultValue = "") String to, @RequestParam(defaultValue = "false") boolean rotateKey,
			HttpSession session, Model model) {
		ScopeForm form = new ScopeForm(accounts, sessions, addresses, from, to);
		if (!this.sessions.stepUpFresh(session)) {
			return confirmFirst(session, form);
		}
		Scope scope = form.scope(new ArrayList<>());
		if (scope == null) {
			return "redirect:" + form.link("/operator/incidents/scope");
		}
		Containment done = this.incidents.contain(scope, rotateKey, me().id().value());
		model.addAttribute("form", form);
		model.addAttribute("containment", done);
		return "incidents/operator-done";
	}

	@PostMapping("/operator/incidents/notices")
	String issueNotices(@RequestParam(defaultValue = "") String accounts,
			@RequestParam(defaultValue = "") String sessions, @RequestParam(defaultValue = "") String addresses,
			@RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
			@RequestParam(defaultValue = "") String title, HttpSession session, Model model) {
		ScopeForm form = new ScopeForm(accounts, sessions, addresses, from, to);
		if (!this.sessions.stepUpFresh(session)) {
			return confirmFirst(session, form);
		}
		Scope scope = form.scope(new ArrayList<>());
		if (scope == null) {
			return "redirect:" + form.link("/operator/incidents/scope");
		}
		String what = title.strip();
		if (what.length() < 10 || what.length() > 300) {
			model.addAttribute("form", form);
			model.addAttribute("titleProblem", "Say what happened in one plain sentence (10 to 300 characters): "
					+ "it opens every letter and e-mail.");
			Exposure exposure = this.incidents.scope(scope);
			model.addAttribute("exposure", exposure);
			model.addAttribute("millis", 0);
			model.addAttribute("byPractice", practiceNames(exposure.patientsByPractice()));
			return "incidents/operator-scope";
		}
		Path folder = this.noticesFolder.resolve("incident-" + Instant.now().toEpochMilli());
		Notices.Issued issued = this.notices.issueWithDraft(what, scope, folder);
		model.addAttribute("form", form);
		model.addAttribute("issued", issued);
		model.addAttribute("folder", folder.toAbsolutePath().toString());
		return "incidents/operator-done";
	}

	private String confirmFirst(HttpSession session, ScopeForm form) {
		session.setAttribute(AccountSessions.STEP_UP_NEXT, form.link("/operator/incidents/scope"));
		return "redirect:/account/confirm";
	}

	private SignedInAccount me() {
		return this.accounts.current().orElseThrow(PageNotFound::new);
	}

	private Alert find(String id) {
		try {
			return this.guard.anyAlert(UUID.fromString(id)).orElseThrow(PageNotFound::new);
		}
		catch (IllegalArgumentException ex) {
			throw new PageNotFound();
		}
	}

	private Map<UUID, String> practiceNames(List<UUID> ids) {
		Map<UUID, String> names = new java.util.HashMap<>();
		ids.stream().filter(java.util.Objects::nonNull).distinct()
			.forEach(id -> names.put(id, this.practices.name(new PracticeId(id))));
		return names;
	}

	private List<Map.Entry<String, Integer>> practiceNames(Map<UUID, Integer> byPractice) {
		return byPractice.entrySet()
			.stream()
			.map(e -> Map.entry(this.practices.name(new PracticeId(e.getKey())), e.getValue()))
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
			.toList();
	}

	/**
	 * The suspects and window as typed: ids and addresses separated by spaces, commas or
	 * lines; times in New Zealand time.
	 */
	public record ScopeForm(String accounts, String sessions, String addresses, String from, String to) {

		private static Set<String> words(String text) {
			return new LinkedHashSet<>(Arrays.stream(text.split("[\\s,]+")).filter(w -> !w.isBlank()).toList());
		}

		Scope scope(List<String> problems) {
			Set<UUID> accountIds = new LinkedHashSet<>();
			for (String word : words(this.accounts)) {
				try {
					accountIds.add(UUID.fromString(word));
				}
				catch (IllegalArgumentException ex) {
					problems.add("\"" + shorten(word) + "\" is not an account id (they look like 8-4-4-4-12 hexadecimal digits).");
				}
			}
			Set<String> sessionRefs = new LinkedHashSet<>();
			for (String word : words(this.sessions)) {
				if (word.matches("[a-z0-9:]{1,80}")) {
					sessionRefs.add(word);
				}
				else {
					problems.add("\"" + shorten(word) + "\" is not a session reference.");
				}
			}
			Set<String> addressSet = new LinkedHashSet<>();
			for (String word : words(this.addresses)) {
				if (Scope.isAddressOrRange(word)) {
					addressSet.add(word);
				}
				else {
					problems.add("\"" + shorten(word) + "\" is not an address or a range like 203.0.113.0/24.");
				}
			}
			if (accountIds.isEmpty() && sessionRefs.isEmpty() && addressSet.isEmpty() && problems.isEmpty()) {
				problems.add("Give at least one account, session or address.");
			}
			Instant start = instant(this.from, "start", problems);
			Instant end = instant(this.to, "end", problems);
			if (start != null && end != null && !start.isBefore(end)) {
				problems.add("The window must end after it starts.");
			}
			return problems.isEmpty() ? new Scope(accountIds, sessionRefs, addressSet, start, end) : null;
		}

		private static Instant instant(String text, String which, List<String> problems) {
			try {
				return LocalDateTime.parse(text.strip(), LOCAL).atZone(NZ).toInstant();
			}
			catch (DateTimeParseException ex) {
				problems.add("Give the " + which + " of the window as a date and time.");
				return null;
			}
		}

		private static String shorten(String word) {
			return word.length() > 40 ? word.substring(0, 40) + "…" : word;
		}

		public String link(String path) {
			return UriComponentsBuilder.fromPath(path)
				.queryParam("accounts", this.accounts)
				.queryParam("sessions", this.sessions)
				.queryParam("addresses", this.addresses)
				.queryParam("from", this.from)
				.queryParam("to", this.to)
				.encode()
				.build()
				.toUriString();
		}

	}

}
