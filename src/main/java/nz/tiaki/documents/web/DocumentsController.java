package nz.tiaki.documents.web;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.AccessGate;
import nz.tiaki.access.Action;
import nz.tiaki.access.Subject;
import nz.tiaki.access.SubjectNames;
import nz.tiaki.documents.DocumentId;
import nz.tiaki.documents.DocumentNotFound;
import nz.tiaki.documents.DocumentRejected;
import nz.tiaki.documents.DocumentSummary;
import nz.tiaki.documents.DocumentsUnavailable;
import nz.tiaki.documents.Documents;
import nz.tiaki.documents.Download;
import nz.tiaki.identity.Accounts;
import nz.tiaki.patients.Patients;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.web.PageNotFound;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The patient's documents, and downloads of a document from the patient's or the practice's
 * pages.
 */
@Controller
class DocumentsController {

	private final Accounts accounts;

	private final Documents documents;

	private final Patients patients;

	private final AccessGate gate;

	private final ObjectProvider<SubjectNames> names;

	private final java.time.Clock clock;

	DocumentsController(Accounts accounts, Documents documents, Patients patients, AccessGate gate,
			ObjectProvider<SubjectNames> names, java.time.Clock clock) {
		this.clock = clock;
		this.accounts = accounts;
		this.documents = documents;
		this.patients = patients;
		this.gate = gate;
		this.names = names;
	}

	@GetMapping("/patient/documents")
	String list(Model model) {
		return page(model, null);
	}

	private String page(Model model, String error) {
		Subject me = me();
		model.addAttribute("documents", this.documents.list(me, new PatientId(me.id())));
		ZoneId zone = ZoneId.of("Pacific/Auckland");
		model.addAttribute("zone", zone);
		// "leaving soon": within the next calendar month, as retention periods are counted in months
		model.addAttribute("soon", this.clock.instant().atZone(zone).plusMonths(1).toInstant());
		model.addAttribute("error", error);
		return "documents/list";
	}

	@GetMapping("/patient/documents/{id}/remove")
	String confirmRemoval(@PathVariable String id, Model model) {
		Subject me = me();
		try {
			DocumentSummary document = this.documents.describe(me, new DocumentId(UUID.fromString(id)),
					new PatientId(me.id()));
			if (document.fromPractice()) {
				throw new PageNotFound();
			}
			model.addAttribute("document", document);
			return "documents/remove";
		}
		catch (IllegalArgumentException | DocumentNotFound ex) {
			throw new PageNotFound();
		}
	}

	@PostMapping("/patient/documents/{id}/remove")
	String remove(@PathVariable String id) {
		try {
			this.documents.removeOwnUpload(me(), new DocumentId(UUID.fromString(id)));
			return "redirect:/patient/documents?removed";
		}
		catch (IllegalArgumentException | DocumentNotFound ex) {
			throw new PageNotFound();
		}
	}

	@PostMapping(value = "/patient/documents", produces = MediaType.TEXT_HTML_VALUE)
	String upload(@RequestParam(defaultValue = "") String title, @RequestParam(required = false) MultipartFile file,
			Model model) throws IOException {
		try {
			store(title, file);
		}
		catch (DocumentRejected ex) {
			model.addAttribute("title", title);
			return page(model, ex.getMessage());
		}
		return "redirect:/patient/documents?added";
	}

	@PostMapping(value = "/patient/documents", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, String>> uploadWithProgress(@RequestParam(defaultValue = "") String title,
			@RequestParam(required = false) MultipartFile file) throws IOException {
		try {
			store(title, file);
			return ResponseEntity.ok(Map.of("redirect", "/patient/documents?added"));
		}
		catch (DocumentRejected ex) {
			return ResponseEntity.status(ex instanceof DocumentsUnavailable ? 503 : 422)
				.body(Map.of("message", ex.getMessage()));
		}
	}

	private void store(String title, MultipartFile file) throws IOException {
		this.documents.upload(me(), title, file == null ? null : file.getOriginalFilename(),
				file == null ? new byte[0] : file.getBytes());
	}

	/**
	 * A download, asked for by the page's form (a POST, so it carries the form's CSRF token
	 * and no other site can make a signed-in browser spend the reader's budgets): the gate
	 * decides once, as the content is read. An unknown id and another patient's document get
	 * the same "not found". The content is opened and sent a segment at a time; its length is
	 * sent first, so a transfer cut short (a segment that does not open, a store that fails
	 * part-way) is seen as failed, never as a whole file.
	 */
	@PostMapping({ "/patient/documents/{id}/download", "/practice/documents/{id}/download" })
	void download(@PathVariable String id, HttpServletResponse response) throws IOException {
		Subject me = me();
		Download download;
		try {
			download = this.documents.download(me, new DocumentId(UUID.fromString(id)), null, () -> nameOf(me));
		}
		catch (IllegalArgumentException | DocumentNotFound ex) {
			throw new PageNotFound();
		}
		catch (DocumentsUnavailable ex) {
			throw new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE);
		}
		try (download) {
			String ascii = download.filename().replaceAll("[^A-Za-z0-9._ -]", "_");
			response.setContentType(MediaType.parseMediaType(download.mediaType()).toString());
			response.setContentLengthLong(download.length());
			response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
			response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
					"attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
							+ URLEncoder.encode(download.filename(), StandardCharsets.UTF_8).replace("+", "%20"));
			response.setHeader("Content-Security-Policy", "sandbox; default-src 'none'");
			response.setHeader("X-Content-Type-Options", "nosniff");
			download.sendTo(response.getOutputStream());
		}
	}

	private String nameOf(Subject subject) {
		if (subject.kind() == Subject.Kind.PATIENT) {
			try {
				return this.patients
					.find(this.gate.require(subject, new PatientId(subject.id()), Action.READ_DEMOGRAPHICS, "stamp"))
					.map(p -> p.displayName())
					.orElse("the patient");
			}
			catch (AccessDenied ex) {
				return "the patient";
			}
		}
		return this.names.orderedStream()
			.map(n -> n.describeStaff(java.util.Set.of(subject.id())).get(subject.id()))
			.filter(java.util.Objects::nonNull)
			.findFirst()
			.orElse("practice staff");
	}

	private Subject me() {
		return this.accounts.subject().orElseThrow(nz.tiaki.shared.web.PageNotFound::new);
	}

}
