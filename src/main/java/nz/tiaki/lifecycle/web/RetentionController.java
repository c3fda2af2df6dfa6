package nz.tiaki.lifecycle.web;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffMember;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.lifecycle.RetentionRules;
import nz.tiaki.shared.web.PageNotFound;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A practice administrator chooses how long each kind of document stays in the portal,
 * within the platform's limits.
 */
@Controller
class RetentionController {

	private final Practices practices;

	private final RetentionRules rules;

	RetentionController(Practices practices, RetentionRules rules) {
		this.practices = practices;
		this.rules = rules;
	}

	@GetMapping("/practice/retention")
	String show(Model model) {
		StaffMember me = admin();
		model.addAttribute("rules", this.rules.of(me.practice()));
		return "lifecycle/retention";
	}

	@PostMapping("/practice/retention")
	String choose(@RequestParam Map<String, String> form, Model model) {
		StaffMember me = admin();
		List<String> problems = new ArrayList<>();
		Map<DocumentKind, Integer> chosen = new EnumMap<>(DocumentKind.class);
		List<DocumentKind> platform = new ArrayList<>();
		for (RetentionRules.Rule rule : this.rules.of(me.practice())) {
			if (rule.platformMonths() == null) {
				continue;
			}
			platform.add(rule.kind());
			String given = form.getOrDefault("months_" + rule.kind().name(), "").strip();
			String what = rule.kind().label().toLowerCase();
			if (given.isEmpty()) {
				continue;
			}
			if (!given.matches("[0-9]{1,4}")) {
				problems.add("Enter a whole number of months for " + what + ".");
			}
			else if (Integer.parseInt(given) < 1 || Integer.parseInt(given) > rule.platformMonths()) {
				problems.add("Choose between 1 and " + rule.platformMonths() + " months for " + what + ".");
			}
			else {
				chosen.put(rule.kind(), Integer.valueOf(given));
			}
		}
		if (!problems.isEmpty()) {
			model.addAttribute("problems", problems);
			model.addAttribute("form", form);
			return show(model);
		}
		this.rules.chooseAll(me.practice(), platform, chosen, me.id());
		return "redirect:/practice/retention?saved";
	}

	private StaffMember admin() {
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
		if (me.role() != StaffRole.PRACTICE_ADMIN) {
			throw new PageNotFound();
		}
		return me;
	}

}
