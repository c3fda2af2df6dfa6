package nz.tiaki.messaging.web;

import java.io.IOException;
import java.time.ZoneId;
import java.util.UUID;

import nz.tiaki.access.Subject;
import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffMember;
import nz.tiaki.identity.Accounts;
import nz.tiaki.messaging.MessageRefused;
import nz.tiaki.messaging.Messaging;
import nz.tiaki.messaging.ThreadNotFound;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.web.PageNotFound;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * Messages: the patient's conversations with their practice, and the practice's side.
 */
@Controller
class MessagesController {

	private static final ZoneId ZONE = ZoneId.of("Pacific/Auckland");

	private final Messaging messaging;

	private final Accounts accounts;

	private final Practices practices;

	private final nz.tiaki.patients.ActingFor actingFor;

	MessagesController(Messaging messaging, Accounts accounts, Practices practices, nz.tiaki.patients.ActingFor actingFor) {
		this.actingFor = actingFor;
		this.messaging = messaging;
		this.accounts = accounts;
		this.practices = practices;
	}

	private Subject me() {
		return this.accounts.subject().orElseThrow(nz.tiaki.shared.web.PageNotFound::new);
	}

	private static UUID id(String text) {
		try {
			return UUID.fromString(text);
		}
		catch (IllegalArgumentException ex) {
			throw new PageNotFound();
		}
	}

	@GetMapping("/patient/messages")
	String mine(Model model) {
		Subject me = me();
		model.addAttribute("conversations", this.messaging.conversationsOf(me, this.actingFor.whom(me)));
		model.addAttribute("zone", ZONE);
		return "messaging/mine";
	}

	@GetMapping("/patient/messages/new")
	String write(Model model) {
		return newPage(model, null, "", "");
	}

	private String newPage(Model model, String error, String subject, String body) {
		model.addAttribute("addressees", this.messaging.addressees(this.actingFor.whom(me())));
		model.addAttribute("error", error);
		model.addAttribute("subject", subject);
		model.addAttribute("body", body);
		return "messaging/new";
	}

	private static Messaging.Attachment attachment(MultipartFile file) throws IOException {
		return file == null || file.isEmpty() ? null : new Messaging.Attachment(file.getOriginalFilename(), file.getBytes());
	}

	@PostMapping("/patient/messages/new")
	String send(@RequestParam(defaultValue = "") String to, @RequestParam(defaultValue = "") String subject,
			@RequestParam(defaultValue = "") String body, @RequestParam(required = false) MultipartFile file,
			Model model) throws IOException {
		Subject me = me();
		try {
			UUID thread = this.messaging.start(me, this.actingFor.whom(me), to.isBlank() ? null : id(to), subject, body,
					attachment(file));
			return "redirect:/patient/messages/" + thread + "?sent";
		}
		catch (MessageRefused ex) {
			return newPage(model, ex.getMessage(), subject, body);
		}
	}

	@GetMapping("/patient/messages/{id}")
	String read(@PathVariable String id, @RequestParam(required = false) String sent, Model model) {
		try {
			model.addAttribute("conversation", this.messaging.openAsPatient(me(), id(id)));
		}
		catch (ThreadNotFound ex) {
			throw new PageNotFound();
		}
		model.addAttribute("zone", ZONE);
		model.addAttribute("patientView", true);
		model.addAttribute("notice", sent != null ? "Sent. Your practice will answer here." : null);
		return "messaging/conversation";
	}

	@PostMapping("/patient/messages/{id}/reply")
	String reply(@PathVariable String id, @RequestParam(defaultValue = "") String body,
			@RequestParam(required = false) MultipartFile file, Model model) throws IOException {
		try {
			this.messaging.replyAsPatient(me(), id(id), body, attachment(file));
			return "redirect:/patient/messages/" + id + "?sent";
		}
		catch (ThreadNotFound ex) {
			throw new PageNotFound();
		}
		catch (MessageRefused ex) {
			model.addAttribute("error", ex.getMessage());
			return read(id, null, model);
		}
	}

	private StaffMember staff() {
		return this.practices.currentStaff().orElseThrow();
	}

	@GetMapping("/practice/messages")
	String inbox(Model model) {
		model.addAttribute("conversations", this.messaging.conversationsFor(staff()));
		model.addAttribute("zone", ZONE);
		return "messaging/inbox";
	}

	@GetMapping("/practice/messages/{id}")
	String open(@PathVariable String id, Model model) {
		try {
			model.addAttribute("conversation", this.messaging.openAsPractice(staff(), id(id)));
		}
		catch (ThreadNotFound ex) {
			throw new PageNotFound();
		}
		model.addAttribute("zone", ZONE);
		model.addAttribute("patientView", false);
		return "messaging/conversation";
	}

	@PostMapping("/practice/messages/{id}/reply")
	String answer(@PathVariable String id, @RequestParam(defaultValue = "") String body,
			@RequestParam(defaultValue = "false") boolean noReply, @RequestParam(required = false) MultipartFile file,
			Model model) throws IOException {
		try {
			this.messaging.replyAsPractice(staff(), id(id), body, noReply, attachment(file));
			return "redirect:/practice/messages/" + id;
		}
		catch (ThreadNotFound ex) {
			throw new PageNotFound();
		}
		catch (MessageRefused ex) {
			model.addAttribute("error", ex.getMessage());
			return open(id, model);
		}
	}

	@PostMapping("/practice/messages/{id}/close")
	String close(@PathVariable String id) {
		try {
			this.messaging.close(staff(), id(id));
			return "redirect:/practice/messages/" + id;
		}
		catch (ThreadNotFound ex) {
			throw new PageNotFound();
		}
	}

}
