package nz.tiaki.documents;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.AccessGate;
import nz.tiaki.access.Action;
import nz.tiaki.access.Grant;
import nz.tiaki.access.Subject;
import nz.tiaki.access.SubjectPractices;
import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;
import nz.tiaki.vault.Vault;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A patient's documents. Practices publish letters, results and discharge summaries (up to
 * 20 MB); patients upload their own (up to 10 MB each, 200 MB in all). Every file is
 * checked for what it really is before anything is stored, and stored in one statement:
 * a refused or interrupted upload leaves nothing. Content is sealed under the patient's
 * key. A download is one decision of the gate, made as the content is asked for, recorded
 * and charged to the reader's budgets before the sealed bytes are read; each PDF page is
 * stamped with who downloaded it and when. Before any of that, every
 * file is streamed to a malware scanner; a file it does not call clean is refused.
 */
@Service
@EnableConfigurationProperties(DocumentSettings.class)
public class Documents {

	static final String CONTENT = "document";

	static final String TITLE = "document-title";

	static final String FILENAME = "document-filename";

	/**
	 * Begins the object reference of a decision that hands a document's content over,
	 * followed by the document's id: the guard charges its bytes, and a breach's scope counts
	 * the document as delivered.
	 */
	public static final String DOWNLOAD = "download:";

	private static final ZoneId ZONE = ZoneId.of("Pacific/Auckland");

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

	private final ObjectProvider<DocumentRetention> retention;

	private final ObjectProvider<SubjectPractices> authors;

	private final ContentStore contents;

	Documents(DocumentStore store, ContentStore contents, AccessGate gate, Vault vault, DocumentSettings settings,
			Clock clock, VirusScanner scanner, AuditTrail audit, ObjectProvider<DocumentRetention> retention,
			ObjectProvider<SubjectPractices> authors) {
		this.store = store;
		this.contents = contents;
		this.authors = authors;
		this.retention = retention;
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
	 * @param author a clinician of the patient's care team, or a practice system; the
	 * practice it belongs to is recorded with the document (its retention rules apply)
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
		PracticeId practice = this.authors.orderedStream()
			.map(authors -> authors.practiceOf(author, patient))
			.flatMap(java.util.Optional::stream)
			.findFirst()
			.orElse(null);
		return store(grant, author, true, practice, kind == DocumentKind.PATIENT_UPLOAD ? DocumentKind.OTHER : kind, title,
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
		return store(grant, patientSelf, false, null, DocumentKind.PATIENT_UPLOAD, title, filename, content);
	}

	private DocumentId store(Grant grant, Subject author, boolean fromPractice, PracticeId practice, DocumentKind kind, String title,
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
		byte[] inRow = this.contents.keep(id, this.vault.sealContent(grant, CONTENT, id.value(), clean.content()));
		this.store.insert(id, grant.patient(), fromPractice, practice, kind, clean.mediaType(), clean.content().length,
				this.vault.seal(grant, TITLE, id.value(), name.getBytes(StandardCharsets.UTF_8)),
				this.vault.seal(grant, FILENAME, id.value(), safeName.getBytes(StandardCharsets.UTF_8)), inRow,
				this.contents.name(), this.clock.instant(), author.accountId());
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
		RemovalDates removals = new RemovalDates(this.retention.getIfAvailable());
		for (DocumentStore.Row row : this.store.of(patient)) {
			String title = new String(this.vault.open(grant, patient, TITLE, row.id().value(), row.title()),
					StandardCharsets.UTF_8);
			Instant removal = row.fromPractice() ? removals.of(row.practice(), row.kind(), row.createdAt()) : null;
			list.add(new DocumentSummary(row.id(), title, row.kind(), row.fromPractice(), row.mediaType(), row.size(),
					row.createdAt(), removal));
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

	private PatientId owner(Subject subject, DocumentId id, PatientId onlyOf) {
		PatientId owner = this.store.ownerOf(id).filter(found -> onlyOf == null || found.equals(onlyOf)).orElse(null);
		if (owner == null) {
			this.gate.recordUnknown(subject, Action.READ_DOCUMENT, id.toString());
			throw new DocumentNotFound();
		}
		return owner;
	}

	/**
	 * Hands a document over in one decision: the gate decides, records the download and
	 * charges it to the reader's budgets (one document, its bytes) before the sealed content
	 * is read. The document is presumed to be the patient's the asker names ({@code onlyOf})
	 * or, for a patient, their own, and its row is read in the statement that records the
	 * decision; only when it is not (a proxy's download, an unknown id, another patient's
	 * document) is the row read first and the decision made on whose it is. PDFs come
	 * stamped on every page with who opened them and when. It writes nothing but the
	 * decision, which commits on its own, so it runs in no transaction of
	 * its own: each read is one round trip to the database, and none is spent on beginning
	 * and ending a transaction (a document removed in between is not found, as if it were
	 * removed before).
	 * @param subject who opens it
	 * @param id the document
	 * @param onlyOf the one patient the asker may reach through this channel (an app's
	 * launch patient), or {@code null} for whoever the gate allows
	 * @param openedBy the name to stamp, asked for only when there is a PDF to stamp
	 * @return the content to send
	 * @throws DocumentNotFound when the document does not exist, belongs to another patient
	 * than {@code onlyOf}, or is not the subject's to read
	 */
	public Download download(Subject subject, DocumentId id, PatientId onlyOf, Supplier<String> openedBy) {
		PatientId presumed = onlyOf != null ? onlyOf
				: subject.kind() == Subject.Kind.PATIENT ? new PatientId(subject.id()) : null;
		if (presumed != null) {
			java.util.Optional<AccessGate.Granted<DocumentStore.Handover>> granted;
			try {
				granted = this.gate.requirePresumed(subject, presumed, Action.READ_DOCUMENT, DOWNLOAD + id,
						this.store.handoverOf(id, presumed));
			}
			catch (AccessDenied ex) {
				throw new DocumentNotFound();
			}
			if (granted.isPresent()) {
				return opened(granted.get().grant(), granted.get().object(), openedBy);
			}
		}
		DocumentStore.Handover found = this.store.handover(id)
			.filter(document -> onlyOf == null || document.patient().equals(onlyOf))
			.orElse(null);
		if (found == null) {
			this.gate.recordUnknown(subject, Action.READ_DOCUMENT, id.toString());
			throw new DocumentNotFound();
		}
		Grant grant;
		try {
			grant = this.gate.require(subject, found.patient(), Action.READ_DOCUMENT, DOWNLOAD + id);
		}
		catch (AccessDenied ex) {
			throw new DocumentNotFound();
		}
		return opened(grant, found, openedBy);
	}

	private Download opened(Grant grant, DocumentStore.Handover found, Supplier<String> openedBy) {
		DocumentId id = found.document();
		String filename = new String(this.vault.open(grant, found.patient(), FILENAME, id.value(), found.filename()),
				StandardCharsets.UTF_8);
		byte[] inRow = found.inRow() ? this.store.contentInRow(id).orElseThrow(DocumentNotFound::new) : null;
		Download download = new Download(filename, found.mediaType(), found.size(), openContent(grant, found.patient(),
				id, this.contents.open(id, inRow)));
		if (found.mediaType().equals("application/pdf")) {
			return Download.of(filename, found.mediaType(), Stamp.pdf(download.readAll(), "Downloaded by "
					+ openedBy.get() + " on " + STAMP_TIME.format(this.clock.instant()) + " - personal copy. Tiaki"));
		}
		return download;
	}

	/** A document's content opened as a stream, a store that fails to give it being "unavailable". */
	private java.io.InputStream openContent(Grant grant, PatientId patient, DocumentId id, java.io.InputStream sealed) {
		try {
			return this.vault.openContent(grant, patient, CONTENT, id.value(), sealed);
		}
		catch (java.io.UncheckedIOException ex) {
			throw new StorageUnavailable();
		}
	}

	/** The object reference of the decisions that open documents for a patient's own copy. */
	public static final String DATA_EXPORT = "data-export";

	/** A document's content, as it goes into a patient's copy of their data. */
	public record ExportedDocument(DocumentSummary summary, String filename, byte[] content) {

		@Override
		public String toString() {
			return "ExportedDocument[" + this.summary.id() + "]";
		}

	}

	/**
	 * Opens every document of the patient's, one at a time, for a copy of their data: the
	 * gate decides (as reading the documents for that copy) every 20 documents, and each PDF
	 * is stamped as a personal copy.
	 * @param self the patient
	 * @param each receives each document in turn, newest first
	 */
	@Transactional(readOnly = true)
	public void exportAll(Subject self, java.util.function.Consumer<ExportedDocument> each) {
		PatientId patient = new PatientId(self.id());
		if (self.kind() != Subject.Kind.PATIENT) {
			throw new IllegalArgumentException("Only the patient can make a copy of their data");
		}
		List<DocumentSummary> summaries = list(self, patient);
		Grant grant = null;
		int opened = 0;
		for (DocumentSummary summary : summaries) {
			if (opened % 20 == 0) {
				grant = this.gate.require(self, patient, Action.READ_DOCUMENT, DATA_EXPORT);
			}
			opened++;
			DocumentStore.Content content = this.store.content(summary.id()).orElse(null);
			if (content == null) {
				continue;
			}
			byte[] bytes = Download.whole(openContent(grant, patient, summary.id(),
					this.contents.open(summary.id(), content.content())));
			String filename = new String(this.vault.open(grant, patient, FILENAME, summary.id().value(),
					content.filename()), StandardCharsets.UTF_8);
			if (content.mediaType().equals("application/pdf")) {
				bytes = Stamp.pdf(bytes, "Personal copy exported on " + STAMP_TIME.format(this.clock.instant())
						+ ". Tiaki");
			}
			each.accept(new ExportedDocument(summary, filename, bytes));
		}
	}

	/** The subject the retention job acts as, so its removals read as one task in the audit. */
	public static final Subject RETENTION = Subject.system(UUID.fromString("5e7e0000-0000-4000-8000-000000000001"));

	/** What one run of the retention rules did. */
	public record RetentionRun(int removed, int held) {
	}

	/**
	 * Removes every practice document whose time in the portal is over, unless a legal hold
	 * stops it. Each removal is a recorded decision of the gate, and the row goes with its
	 * sealed content; a message that carried the file keeps its text.
	 * @param now the moment the rules are applied at
	 * @return how many were removed, and how many were due but held
	 */
	@Transactional
	public RetentionRun removeExpired(Instant now) {
		DocumentRetention rules = this.retention.getIfAvailable();
		if (rules == null) {
			return new RetentionRun(0, 0);
		}
		Instant youngestDue = now.atZone(ZONE).minus(rules.shortest()).toInstant().plusSeconds(1);
		RemovalDates removals = new RemovalDates(rules);
		int removed = 0;
		int held = 0;
		Instant afterTime = Instant.EPOCH;
		UUID afterId = new UUID(0, 0);
		List<DocumentStore.Stored> batch;
		do {
			batch = this.store.publishedBefore(youngestDue, afterTime, afterId, 500);
			for (DocumentStore.Stored document : batch) {
				afterTime = document.createdAt();
				afterId = document.id().value();
				Instant removal = removals.of(document.practice(), document.kind(), document.createdAt());
				if (removal == null || removal.isAfter(now)) {
					continue;
				}
				if (rules.held(document.patient(), document.practice())) {
					held++;
					continue;
				}
				this.gate.require(RETENTION, document.patient(), Action.REMOVE_DOCUMENT, "retention:" + document.id());
				if (this.remove(document.id())) {
					removed++;
				}
			}
		}
		while (batch.size() == 500);
		return new RetentionRun(removed, held);
	}

	/**
	 * A patient removes a document they uploaded. What the practice published stays.
	 * @param patientSelf the patient
	 * @param id the document
	 * @throws DocumentNotFound when it is not one of the patient's own uploads
	 */
	@Transactional
	public void removeOwnUpload(Subject patientSelf, DocumentId id) {
		PatientId patient = new PatientId(patientSelf.id());
		DocumentStore.Stored stored = this.store.stored(id)
			.filter(found -> found.patient().equals(patient) && !found.fromPractice())
			.orElse(null);
		if (stored == null || patientSelf.kind() != Subject.Kind.PATIENT) {
			this.gate.recordUnknown(patientSelf, Action.REMOVE_DOCUMENT, id.toString());
			throw new DocumentNotFound();
		}
		this.gate.require(patientSelf, patient, Action.REMOVE_DOCUMENT, id.toString());
		this.remove(id);
	}

	/**
	 * Removes every document a patient uploaded (closing their account); what practices
	 * published stays with the practice's record.
	 * @param job the system task doing it
	 * @param patient whose uploads
	 * @return how many were removed
	 */
	@Transactional
	public int removeUploadsOf(Subject job, PatientId patient) {
		int removed = 0;
		for (DocumentId id : this.store.uploadsOf(patient)) {
			this.gate.require(job, patient, Action.REMOVE_DOCUMENT, id.toString());
			removed += this.remove(id) ? 1 : 0;
		}
		return removed;
	}

	/**
	 * Removes what one practice published to one patient (the practice leaving the portal).
	 * @param job the system task doing it
	 * @param practice whose publications
	 * @param patient to whom
	 * @return how many were removed
	 */
	@Transactional
	public int removePublishedBy(Subject job, PracticeId practice, PatientId patient) {
		int removed = 0;
		for (DocumentId id : this.store.publishedBy(practice, patient)) {
			this.gate.require(job, patient, Action.REMOVE_DOCUMENT, id.toString());
			removed += this.remove(id) ? 1 : 0;
		}
		return removed;
	}

	/** Removal dates under the rules, asking the rules once per practice and kind. */
	private static final class RemovalDates {

		private final DocumentRetention rules;

		private final java.util.Map<String, java.util.Optional<java.time.Period>> asked = new java.util.HashMap<>();

		RemovalDates(DocumentRetention rules) {
			this.rules = rules;
		}

		Instant of(PracticeId practice, DocumentKind kind, Instant addedAt) {
			if (this.rules == null) {
				return null;
			}
			return this.asked.computeIfAbsent(practice + "/" + kind, key -> this.rules.keepFor(practice, kind))
				.map(period -> addedAt.atZone(ZONE).plus(period).toInstant())
				.orElse(null);
		}

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


	/** Deletes a row, and its content wherever that is kept once the deletion commits. */
	private boolean remove(DocumentId id) {
		boolean deleted = this.store.delete(id);
		if (deleted) {
			this.contents.discard(id);
		}
		return deleted;
	}

}
