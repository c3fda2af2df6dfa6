package nz.tiaki.documents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.AccessGate;
import nz.tiaki.access.Action;
import nz.tiaki.access.Grant;
import nz.tiaki.access.Subject;
import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.vault.Vault;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A patient's documents. Practices publish letters, results and discharge summaries (up to
 * 20 MB); patients upload their own (up to 10 MB each, 200 MB in all). Every file is
 * checked for what it really is before anything is stored, and stored in one statement:
 * a refused or interrupted upload leaves nothing. Content is sealed under the patient's
 * key. Downloads go through single-use links, bound to the session that asked, valid for a
 * minute; each PDF page is stamped with who downloaded it and when. Before any of that, every
 * file is streamed to a malware scanner; a file it does not call clean is refused.
 */
@Service
@EnableConfigurationProperties(DocumentSettings.class)
public class Documents {

	static final String CONTENT = "document";

	static final String TITLE = "document-title";

	static final String FILENAME = "document-filename";

	/** Marks the second decision of a download, so that one download counts as one read. */
	public static final String DOWNLOAD_STEP = "download:";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final DateTimeFormatter STAMP_TIME = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH)
		.withZone(ZoneId.of("Pacific/Auckland"));

	private final DocumentStore store;

	private final AccessGate gate;

	private final Vault vault;

	private final DocumentSettings settings;

	private final FileInspector inspector;

	private final Clock clock;

	private final VirusScanner scanner;

	private final AuditTrail audit;

	Documents(DocumentStore store, AccessGate gate, Vault vault, DocumentSettings settings, Clock clock,
			VirusScanner scanner, AuditTrail audit) {
		this.store = store;
		this.scanner = scanner;
		this.audit = audit;
		this.gate = gate;
		this.vault = vault;
		this.settings = settings;
		this.clock = clock;
		this.inspector = new FileInspector(settings.maxPdfPages(), settings.maxImagePixels());
	}

	/**
	 * A practice publishes a document to a patient.
	 * @param author a clinician of the patient's care team
	 * @param patient to whom
	 * @param kind what it is
	 * @param title its title
	 * @param filename the name it came with
	 * @param content its bytes
	 * @return the new document
	 * @throws DocumentRejected when the file is refused (nothing stored)
	 * @throws AccessDenied when the author may not publish to this patient
	 */
	@Transactional
	public DocumentId publish(Subject author, PatientId patient, DocumentKind kind, String title, String filename,
			byte[] content) {
		if (content.length > this.settings.maxPublished().toBytes()) {
			throw new DocumentRejected("The file is larger than " + this.settings.maxPublished().toMegabytes() + " MB.");
		}
		Grant grant = this.gate.require(author, patient, Action.PUBLISH_DOCUMENT, null);
		return store(grant, author, true, kind == DocumentKind.PATIENT_UPLOAD ? DocumentKind.OTHER : kind, title,
				filename, content);
	}

	/**
	 * A patient uploads a document of their own.
	 * @param patientSelf the patient
	 * @param title its title
	 * @param filename the name it came with
	 * @param content its bytes
	 * @return the new document
	 * @throws DocumentRejected when the file is refused or the patient's space is full
	 */
	@Transactional
	public DocumentId upload(Subject patientSelf, String title, String filename, byte[] content) {
		if (content.length > this.settings.maxUpload().toBytes()) {
			throw new DocumentRejected("The file is larger than " + this.settings.maxUpload().toMegabytes() + " MB.");
		}
		PatientId patient = new PatientId(patientSelf.id());
		Grant grant = this.gate.require(patientSelf, patient, Action.UPLOAD_DOCUMENT, null);
		if (this.store.uploadedBy(patient) + content.length > this.settings.patientQuota().toBytes()) {
			throw new DocumentRejected("Your documents space is full (" + this.settings.patientQuota().toMegabytes()
					+ " MB). Remove something before adding more.");
		}
		return store(grant, patientSelf, false, DocumentKind.PATIENT_UPLOAD, title, filename, content);
	}

	private DocumentId store(Grant grant, Subject author, boolean fromPractice, DocumentKind kind, String title,
			String filename, byte[] content) {
		String name = title == null ? "" : title.strip();
		if (name.isEmpty() || name.length() > 200) {
			throw new DocumentRejected("Give the document a title (at most 200 characters).");
		}
		if (content == null || content.length == 0) {
			throw new DocumentRejected("Choose a file to add. (An empty file cannot be added.)");
		}
		scan(author, content);
		FileInspector.Inspected clean = this.inspector.inspect(content);
		DocumentId id = new DocumentId(UUID.randomUUID());
		String safeName = safeFilename(filename, clean.mediaType());
		this.store.insert(id, grant.patient(), fromPractice, kind, clean.mediaType(), clean.content().length,
				this.vault.seal(grant, TITLE, id.value(), name.getBytes(StandardCharsets.UTF_8)),
				this.vault.seal(grant, FILENAME, id.value(), safeName.getBytes(StandardCharsets.UTF_8)),
				this.vault.seal(grant, CONTENT, id.value(), clean.content()), this.clock.instant(), author.accountId());
		return id;
	}

	/**
	 * The malware scan comes first, on the bytes exactly as received, before any parser
	 * reads them. A refusal is recorded, and the file is gone with the request.
	 */
	private void scan(Subject author, byte[] content) {
		VirusScanner.Verdict verdict;
		try {
			verdict = this.scanner.scan(content);
		}
		catch (DocumentRejected ex) {
			this.audit.record(SecurityEventType.UPLOAD_UNSCANNED, author.accountId(), null);
			throw ex;
		}
		if (!verdict.clean()) {
			this.audit.record(SecurityEventType.UPLOAD_INFECTED, author.accountId(), verdict.signature());
			throw new DocumentRejected("This file contains a virus or other harmful content, so it was not added. "
					+ "If you did not expect this, check your device with an up-to-date virus scanner.");
		}
	}

	/**
	 * @param subject who asks
	 * @param patient whose documents
	 * @return the list, newest first
	 * @throws AccessDenied when the subject may not read this patient's documents
	 */
	@Transactional(readOnly = true)
	public List<DocumentSummary> list(Subject subject, PatientId patient) {
		Grant grant = this.gate.require(subject, patient, Action.READ_DOCUMENT, "document-list");
		List<DocumentSummary> list = new ArrayList<>();
		for (DocumentStore.Row row : this.store.of(patient)) {
			String title = new String(this.vault.open(grant, patient, TITLE, row.id().value(), row.title()),
					StandardCharsets.UTF_8);
			list.add(new DocumentSummary(row.id(), title, row.kind(), row.fromPractice(), row.mediaType(), row.size(),
					row.createdAt()));
		}
		return list;
	}

	/**
	 * Describes one document, as it appears in its patient's list (the decision is recorded
	 * as reading that list).
	 * @param subject who asks
	 * @param id the document
	 * @param onlyOf the one patient the asker may reach through this channel (an app's
	 * launch patient), or {@code null} for whoever the gate allows
	 * @return the document's summary
	 * @throws DocumentNotFound when it does not exist, belongs to another patient than
	 * {@code onlyOf}, or is not the subject's to read
	 */
	@Transactional(readOnly = true)
	public DocumentSummary describe(Subject subject, DocumentId id, PatientId onlyOf) {
		PatientId owner = owner(subject, id, onlyOf);
		try {
			return list(subject, owner).stream()
				.filter(summary -> summary.id().equals(id))
				.findFirst()
				.orElseThrow(DocumentNotFound::new);
		}
		catch (AccessDenied ex) {
			throw new DocumentNotFound();
		}
	}

	/**
	 * Opens a document for an app in one step, through the same single-use link a browser
	 * uses: the link is issued (a recorded decision) and spent at once (recorded again,
	 * charged to the budgets, stamped).
	 * @param subject who asks
	 * @param id the document
	 * @param onlyOf the app's launch patient, or {@code null}
	 * @param tokenRef the app grant's reference, standing in for the session
	 * @param openedBy the name to stamp (the app's)
	 * @return the content
	 * @throws DocumentNotFound as {@link #issueLink} and {@link #download}
	 */
	@Transactional
	public Download openForApp(Subject subject, DocumentId id, PatientId onlyOf, String tokenRef, String openedBy) {
		owner(subject, id, onlyOf);
		String token = issueLink(subject, id, tokenRef);
		return download(subject, token, tokenRef, openedBy);
	}

	private PatientId owner(Subject subject, DocumentId id, PatientId onlyOf) {
		PatientId owner = this.store.ownerOf(id).filter(found -> onlyOf == null || found.equals(onlyOf)).orElse(null);
		if (owner == null) {
			this.gate.recordUnknown(subject, Action.READ_DOCUMENT, id.toString());
			throw new DocumentNotFound();
		}
		return owner;
	}

	/**
	 * Issues a single-use link to download a document, bound to the asking session, valid
	 * for a minute. The decision is recorded.
	 * @param subject who asks
	 * @param id the document
	 * @param sessionRef the asking session's opaque reference
	 * @return the link's token, to put in the URL
	 * @throws DocumentNotFound when the document does not exist or is not the subject's to
	 * read
	 */
	@Transactional
	public String issueLink(Subject subject, DocumentId id, String sessionRef) {
		PatientId owner = this.store.ownerOf(id).orElse(null);
		if (owner == null) {
			this.gate.recordUnknown(subject, Action.READ_DOCUMENT, id.toString());
			throw new DocumentNotFound();
		}
		try {
			this.gate.require(subject, owner, Action.READ_DOCUMENT, id.toString());
		}
		catch (AccessDenied ex) {
			throw new DocumentNotFound();
		}
		byte[] token = new byte[32];
		RANDOM.nextBytes(token);
		String text = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
		Instant now = this.clock.instant();
		this.store.insertLink(digest(text), id, sessionRef, subject.accountId(), now,
				now.plus(this.settings.linkValidity()));
		return text;
	}

	/**
	 * Spends a link and opens the document: the gate decides again and records the
	 * download. PDFs come stamped on every page.
	 * @param subject who downloads
	 * @param token the link's token
	 * @param sessionRef the downloading session's opaque reference
	 * @param downloadedBy the name to stamp
	 * @return the content to send
	 * @throws DocumentNotFound when the link is unknown, used, expired, from another
	 * session, or the subject may no longer read the document
	 */
	@Transactional
	public Download download(Subject subject, String token, String sessionRef, String downloadedBy) {
		Instant now = this.clock.instant();
		DocumentId id = this.store.spendLink(digest(token), sessionRef, now).orElseThrow(DocumentNotFound::new);
		DocumentStore.Content content = this.store.content(id).orElseThrow(DocumentNotFound::new);
		Grant grant;
		try {
			grant = this.gate.require(subject, content.patient(), Action.READ_DOCUMENT, DOWNLOAD_STEP + id);
		}
		catch (AccessDenied ex) {
			throw new DocumentNotFound();
		}
		byte[] bytes = this.vault.open(grant, content.patient(), CONTENT, id.value(), content.content());
		String filename = new String(this.vault.open(grant, content.patient(), FILENAME, id.value(), content.filename()),
				StandardCharsets.UTF_8);
		if (content.mediaType().equals("application/pdf")) {
			bytes = Stamp.pdf(bytes, "Downloaded by " + downloadedBy + " on " + STAMP_TIME.format(now)
					+ " - personal copy. Tiaki");
		}
		return new Download(filename, content.mediaType(), bytes);
	}

	static String safeFilename(String given, String mediaType) {
		String name = given == null ? "" : given;
		name = name.replace('\\', '/');
		name = name.substring(name.lastIndexOf('/') + 1);
		name = name.replaceAll("[\\p{Cntrl}\"<>|:*?;]", "").strip();
		if (name.startsWith(".")) {
			name = name.replaceFirst("^\\.+", "");
		}
		String extension = switch (mediaType) {
			case "application/pdf" -> ".pdf";
			case "image/jpeg" -> ".jpg";
			default -> ".png";
		};
		int dot = name.lastIndexOf('.');
		String base = dot > 0 ? name.substring(0, dot) : name;
		if (base.isBlank()) {
			base = "document";
		}
		if (base.length() > 100) {
			base = base.substring(0, 100);
		}
		return base + extension;
	}

	private static byte[] digest(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
