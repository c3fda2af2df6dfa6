package nz.tiaki.clinics.web;

import java.util.UUID;

import nz.tiaki.clinics.NotFound;
import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffMember;
import nz.tiaki.clinics.StaffRejected;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.identity.IssuedInvitation;
import nz.tiaki.shared.web.PageNotFound;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Staff management, for practice administrators.
 */
@Controller
class StaffController {

	private final Practices practices;

	StaffController(Practices practices) {
		this.practices = practices;
	}

	@GetMapping("/practice/staff")
	String list(@RequestParam(required = false) String removed, Model model) {
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
		if (removed != null) {
			model.addAttribute("notice", "That person's access has ended and they have been signed out.");
		}
		return page(me, model, "", "", null);
	}

	private String page(StaffMember me, Model model, String name, String email, StaffRole role) {
		model.addAttribute("me", me);
		model.addAttribute("staff", this.practices.staffList(me));
		model.addAttribute("roles", StaffRole.values());
		model.addAttribute("name", name);
		model.addAttribute("email", email);
		model.addAttribute("role", role);
		model.addAttribute("parentLinkAge", this.practices.parentLinkAge(me.practice()));
		model.addAttribute("hpi", this.practices.hpi(me.practice()));
		return "clinics/staff";
	}

	@PostMapping("/practice/staff/hpi")
	String practiceHpi(@RequestParam(defaultValue = "") String organisationId,
			@RequestParam(defaultValue = "") String facilityId, Model model) {
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
		try {
			this.practices.setHpi(me, organisationId, facilityId);
		}
		catch (StaffRejected ex) {
			model.addAttribute("hpiError", ex.getMessage());
			return page(me, model, "", "", null);
		}
		return "redirect:/practice/staff?hpi";
	}

	@PostMapping("/practice/staff/hpi-person")
	String personHpi(@RequestParam(defaultValue = "") String staff, @RequestParam(defaultValue = "") String cpn,
			Model model) {
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
		try {
			this.practices.setHpiPersonId(me, UUID.fromString(staff), cpn);
		}
		catch (StaffRejected ex) {
			model.addAttribute("hpiError", ex.getMessage());
			return page(me, model, "", "", null);
		}
		catch (IllegalArgumentException | NotFound ex) {
			model.addAttribute("hpiError", "Choose a staff member.");
			return page(me, model, "", "", null);
		}
		return "redirect:/practice/staff?hpi";
	}

	@PostMapping("/practice/staff/parent-link-age")
	String parentLinkAge(@RequestParam(defaultValue = "") String age, Model model) {
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
		try {
			this.practices.parentLinkAge(me, age.strip().matches("[0-9]{1,2}") ? Integer.parseInt(age.strip()) : -1);
		}
		catch (StaffRejected ex) {
			model.addAttribute("error", ex.getMessage());
			return page(me, model, "", "", null);
		}
		catch (NotFound ex) {
			throw new PageNotFound();
		}
		return "redirect:/practice/staff?age";
	}

	@PostMapping("/practice/staff")
	String add(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String email,
			@RequestParam(defaultValue = "") String role, Model model) {
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
		StaffRole chosen = null;
		for (StaffRole candidate : StaffRole.values()) {
			if (candidate.name().equals(role)) {
				chosen = candidate;
			}
		}
		try {
			IssuedInvitation invitation = this.practices.inviteStaff(me, name, email, chosen);
			model.addAttribute("invitation", invitation);
			model.addAttribute("name", name.strip());
			model.addAttribute("zone", PracticeController.ZONE);
			return "clinics/staff-invited";
		}
		catch (StaffRejected ex) {
			model.addAttribute("error", ex.getMessage());
			return page(me, model, name, email, chosen);
		}
	}

	@PostMapping("/practice/staff/{id}/invite")
	String reinvite(@PathVariable String id, Model model) {
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
		try {
			IssuedInvitation invitation = this.practices.reinviteStaff(me, UUID.fromString(id));
			model.addAttribute("invitation", invitation);
			model.addAttribute("name", this.practices.staffList(me)
				.stream()
				.filter(s -> s.member().id().toString().equals(id))
				.map(s -> s.member().displayName())
				.findFirst()
				.orElse("them"));
			model.addAttribute("zone", PracticeController.ZONE);
			return "clinics/staff-invited";
		}
		catch (IllegalArgumentException | NotFound ex) {
			throw new PageNotFound();
		}
		catch (StaffRejected ex) {
			model.addAttribute("error", ex.getMessage());
			return page(me, model, "", "", null);
		}
	}

	@PostMapping("/practice/staff/{id}/remove")
	String remove(@PathVariable String id, Model model) {
		StaffMember me = this.practices.currentStaff().orElseThrow(PageNotFound::new);
		try {
			this.practices.removeStaff(me, UUID.fromString(id));
		}
		catch (IllegalArgumentException | NotFound ex) {
			throw new PageNotFound();
		}
		catch (StaffRejected ex) {
			model.addAttribute("error", ex.getMessage());
			return page(me, model, "", "", null);
		}
		return "redirect:/practice/staff?removed";
	}

}
