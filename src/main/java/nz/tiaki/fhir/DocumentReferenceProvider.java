package nz.tiaki.fhir;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.Action;
import nz.tiaki.apps.AppAccess;
import nz.tiaki.apps.SmartScope;
import nz.tiaki.documents.DocumentId;
import nz.tiaki.documents.DocumentNotFound;
import nz.tiaki.documents.DocumentSummary;
import nz.tiaki.documents.Documents;
import nz.tiaki.records.Category;
import nz.tiaki.shared.ids.PatientId;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;

import org.springframework.stereotype.Component;

/**
 * {@code DocumentReference}: a patient's clinical notes (text inline) and documents (letters,
 * discharge summaries, referrals, uploads), whose content is fetched from {@code Binary}
 * through the same audited download, one decision of the gate, as in a browser. Document ids carry a
 * {@code doc-} prefix so a read never has to guess where to look.
 */
@Component
class DocumentReferenceProvider implements IResourceProvider, EverythingSource, ReadsById {

	static final String DOCUMENT_PREFIX = "doc-";

	private final Callers callers;

	private final EntryQueries queries;

	private final Documents documents;

	DocumentReferenceProvider(Callers callers, EntryQueries queries, Documents documents) {
		this.callers = callers;
		this.queries = queries;
		this.documents = documents;
	}

	@Override
	public Class<? extends IBaseResource> getResourceType() {
		return DocumentReference.class;
	}

	@Read(version = true)
	public DocumentReference read(@IdParam IdType id, RequestDetails request) {
		if (!id.getIdPart().startsWith(DOCUMENT_PREFIX)) {
			return (DocumentReference) this.queries.read(request, id, Category.NOTE);
		}
		AppAccess caller = this.callers.require(request, "DocumentReference", SmartScope.Permission.READ);
		DocumentId document = documentId(id);
		if (id.hasVersionIdPart() && !id.getVersionIdPart().equals("1")) {
			throw new ResourceNotFoundException(id);
		}
		try {
			DocumentSummary summary = this.documents.describe(caller.subject(), document, caller.patient());
			return toFhir(summary, caller.patient(), request.getFhirServerBase());
		}
		catch (DocumentNotFound ex) {
			throw new ResourceNotFoundException(id);
		}
	}

	@Search
	public List<IBaseResource> search(@OptionalParam(name = DocumentReference.SP_PATIENT) ReferenceParam patient,
			@OptionalParam(name = DocumentReference.SP_SUBJECT) ReferenceParam subject,
			@OptionalParam(name = DocumentReference.SP_TYPE) TokenOrListParam type,
			@OptionalParam(name = DocumentReference.SP_DATE) DateRangeParam date,
			@OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
			@ca.uhn.fhir.rest.annotation.IncludeParam(allow = { "DocumentReference:patient", "DocumentReference:subject" }) java.util.Set<ca.uhn.fhir.model.api.Include> includes,
			RequestDetails request) {
		List<IBaseResource> found = new ArrayList<>();
		for (var note : this.queries.search(request, "DocumentReference", Category.NOTE, patient, subject)) {
			DocumentReference reference = (DocumentReference) EntryQueries.shaped(note);
			if (EntryQueries.within(lastUpdated, Date.from(note.recordedAt()))
					&& EntryQueries.matches(type, List.of(reference.getType()))
					&& (date == null || EntryQueries.within(date, reference.getDate()))) {
				found.add(reference);
			}
		}
		AppAccess caller = this.callers.current(request);
		ReferenceParam given = patient != null ? patient : subject;
		String whoseId = given != null ? given.getIdPart()
				: caller.patient() != null ? caller.patient().value().toString() : null;
		if (whoseId != null) {
			try {
				PatientId whose = this.callers.patient(caller, whoseId, Action.READ_DOCUMENT);
				for (DocumentSummary summary : this.documents.list(caller.subject(), whose)) {
					DocumentReference reference = toFhir(summary, whose, request.getFhirServerBase());
					if (EntryQueries.within(lastUpdated, Date.from(summary.addedAt()))
							&& EntryQueries.matches(type, List.of(reference.getType()))
							&& EntryQueries.within(date, reference.getDate())) {
						found.add(reference);
					}
				}
			}
			catch (ResourceNotFoundException | AccessDenied ex) {
				// nothing of this patient's for this caller
			}
		}
		List<IBaseResource> limited = found;
		this.queries.includePatients(request, includes, limited);
		return limited;
	}

	static DocumentId documentId(IdType id) {
		try {
			return new DocumentId(UUID.fromString(id.getIdPart().substring(DOCUMENT_PREFIX.length())));
		}
		catch (IllegalArgumentException | IndexOutOfBoundsException ex) {
			throw new ResourceNotFoundException(id);
		}
	}

	static DocumentReference toFhir(DocumentSummary summary, PatientId patient, String base) {
		DocumentReference reference = new DocumentReference();
		String id = DOCUMENT_PREFIX + summary.id().value();
		reference.setId(new IdType("DocumentReference", id, "1"));
		reference.getMeta().setVersionId("1");
		reference.getMeta().setLastUpdated(Date.from(summary.addedAt()));
		reference.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
		reference.getType()
			.addCoding()
			.setSystem("https://tiaki.nz/fhir/CodeSystem/document-kind")
			.setCode(summary.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
			.setDisplay(summary.kind().label());
		reference.getType().setText(summary.kind().label());
		if (patient != null) {
			reference.setSubject(new Reference("Patient/" + patient.value()));
		}
		reference.setDate(Date.from(summary.addedAt()));
		reference.setDescription(summary.title());
		reference.addContent()
			.getAttachment()
			.setContentType(summary.mediaType())
			.setSize((int) Math.min(Integer.MAX_VALUE, summary.sizeBytes()))
			.setTitle(summary.title())
			.setUrl(base + "/Binary/" + id);
		return reference;
	}

	@Override
	public String resourceType() {
		return "DocumentReference";
	}

	@Override
	public List<IBaseResource> of(ReferenceParam patient, RequestDetails request) {
		return search(patient, null, null, null, null, null, request);
	}

}
