package nz.tiaki.fhir;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.Subject;
import nz.tiaki.clinics.Practices;
import nz.tiaki.documents.DocumentId;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.DocumentRejected;
import nz.tiaki.documents.Documents;
import nz.tiaki.documents.DocumentsUnavailable;
import nz.tiaki.patients.NewPatient;
import nz.tiaki.patients.Nhi;
import nz.tiaki.patients.PatientRejected;
import nz.tiaki.patients.Patients;
import nz.tiaki.records.Category;
import nz.tiaki.records.EntryId;
import nz.tiaki.records.EntryRejected;
import nz.tiaki.records.Records;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;
import nz.tiaki.vault.Vault;

import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports a transaction bundle for one practice: patients matched on NHI (new ones
 * registered at the practice; someone enrolled only elsewhere is refused), their conditions,
 * medicines, allergies, immunisations, results and notes into the record, and documents
 * through the same checks and sealing as an upload. Every resource is validated first; any
 * problem refuses the whole bundle with each problem listed, and nothing is stored. A
 * resource already imported for that patient is recognised and not added again.
 */
@Service
class BundleImport {

	private final ResourceValidator validator;

	private final Patients patients;

	private final Practices practices;

	private final Records records;

	private final Documents documents;

	private final Vault vault;

	private final JdbcClient jdbc;

	private final FhirContext fhir;

	private final Clock clock;

	BundleImport(ResourceValidator validator, Patients patients, Practices practices, Records records,
			Documents documents, Vault vault, JdbcClient jdbc, FhirContext fhir, Clock clock) {
		this.validator = validator;
		this.patients = patients;
		this.practices = practices;
		this.records = records;
		this.documents = documents;
		this.vault = vault;
		this.jdbc = jdbc;
		this.fhir = fhir;
		this.clock = clock;
	}

	/**
	 * How strictly to read a bundle.
	 */
	enum Mode {

		/** A practice system's transaction: every entry must be something Tiaki holds. */
		STRICT,
		/** Synthetic demo and load data: entries of other types are passed over. */
		SKIP_OTHER_TYPES

	}

	/**
	 * @param author who imports (the practice's system, or an operator's job)
	 * @param practice for which practice
	 * @param bundle a transaction bundle
	 * @param mode how strictly
	 * @return the transaction-response bundle: one entry per entry given, created or already
	 * there
	 * @throws UnprocessableEntityException listing every problem; nothing is stored
	 */
	@Transactional
	Bundle run(Subject author, PracticeId practice, Bundle bundle, Mode mode) {
		if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
			throw refusal(List.of("Send writes as a bundle of type transaction or batch."));
		}
		List<String> problems = new ArrayList<>();
		List<Integer> wanted = new ArrayList<>();
		for (int i = 0; i < bundle.getEntry().size(); i++) {
			Bundle.BundleEntryComponent entry = bundle.getEntry().get(i);
			Resource resource = entry.getResource();
			if (resource == null) {
				problems.add("Entry " + i + ": has no resource.");
				continue;
			}
			boolean held = resource instanceof Patient || Category.of(resource).isPresent();
			if (!held) {
				if (mode == Mode.STRICT) {
					problems.add("Entry " + i + ": resources of type " + resource.fhirType() + " are not held by Tiaki.");
				}
				continue;
			}
			if (entry.getRequest().hasMethod() && entry.getRequest().getMethod() != Bundle.HTTPVerb.POST
					&& entry.getRequest().getMethod() != Bundle.HTTPVerb.PUT) {
				problems.add("Entry " + i + ": only creating resources (POST or PUT) is accepted.");
				continue;
			}
			for (String error : this.validator.errors(resource)) {
				problems.add("Entry " + i + " (" + resource.fhirType() + ") " + error);
			}
			wanted.add(i);
		}
		Map<String, PatientId> patientsByReference = new HashMap<>();
		java.util.Set<PatientId> registered = new java.util.HashSet<>();
		for (int i : wanted) {
			Bundle.BundleEntryComponent entry = bundle.getEntry().get(i);
			if (entry.getResource() instanceof Patient patient) {
				try {
					boolean known = knownPatient(patient);
					PatientId id = patientFor(author, practice, patient);
					if (!known) {
						registered.add(id);
					}
					if (entry.hasFullUrl()) {
						patientsByReference.put(entry.getFullUrl(), id);
					}
					if (patient.hasIdElement() && !patient.getIdElement().isEmpty()) {
						patientsByReference.put("Patient/" + patient.getIdElement().getIdPart(), id);
					}
				}
				catch (ImportProblem ex) {
					problems.add("Entry " + i + ": " + ex.getMessage());
				}
			}
		}
		if (!problems.isEmpty()) {
			throw refusal(problems);
		}
		Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
		for (int i = 0; i < bundle.getEntry().size(); i++) {
			Bundle.BundleEntryComponent entry = bundle.getEntry().get(i);
			if (!wanted.contains(i)) {
				continue;
			}
			Resource resource = entry.getResource();
			try {
				if (resource instanceof Patient patient) {
					PatientId id = patientsByReference.getOrDefault(entry.getFullUrl(),
							patientsByReference.get("Patient/" + patient.getIdElement().getIdPart()));
					response.addEntry()
						.getResponse()
						.setStatus(registered.remove(id) ? "201 Created" : "200 OK")
						.setLocation("Patient/" + id.value());
				}
				else {
					PatientId whose = patientOf(practice, resource, patientsByReference);
					response.addEntry(store(author, practice, whose, resource));
				}
			}
			catch (ImportProblem | EntryRejected | DocumentRejected | AccessDenied ex) {
				if (ex instanceof DocumentsUnavailable) {
					throw ex;
				}
				throw refusal(List.of("Entry " + i + ": " + (ex instanceof AccessDenied
						? "this patient is not enrolled at your practice." : ex.getMessage())));
			}
		}
		return response;
	}

	private boolean knownPatient(Patient patient) {
		return patient.getIdentifier()
			.stream()
			.filter(identifier -> PatientResources.NHI_SYSTEM.equals(identifier.getSystem()))
			.findFirst()
			.map(identifier -> {
				try {
					return this.patients.findByNhi(Nhi.parse(identifier.getValue())).isPresent();
				}
				catch (Nhi.InvalidNhi ex) {
					return false;
				}
			})
			.orElse(false);
	}

	private PatientId patientFor(Subject author, PracticeId practice, Patient patient) {
		Identifier nhiIdentifier = patient.getIdentifier()
			.stream()
			.filter(identifier -> PatientResources.NHI_SYSTEM.equals(identifier.getSystem()))
			.findFirst()
			.orElseThrow(() -> new ImportProblem("a Patient needs an NHI identifier (system "
					+ PatientResources.NHI_SYSTEM + ")."));
		Nhi nhi;
		try {
			nhi = Nhi.parse(nhiIdentifier.getValue());
		}
		catch (Nhi.InvalidNhi ex) {
			throw new ImportProblem(ex.getMessage());
		}
		Optional<PatientId> existing = this.patients.findByNhi(nhi);
		if (existing.isPresent()) {
			if (!this.practices.practicesOf(existing.get()).contains(practice)) {
				throw new ImportProblem("this patient is not enrolled at your practice.");
			}
			return existing.get();
		}
		if (!patient.hasName() || !patient.getNameFirstRep().hasFamily() || !patient.getNameFirstRep().hasGiven()
				|| !patient.hasBirthDate()) {
			throw new ImportProblem("a new Patient needs a given name, a family name and a date of birth.");
		}
		String birth = patient.getBirthDateElement().getValueAsString();
		if (birth == null || birth.length() != 10) {
			throw new ImportProblem("a new Patient's date of birth must be a full date (YYYY-MM-DD).");
		}
		LocalDate born = LocalDate.parse(birth);
		String email = patient.getTelecom()
			.stream()
			.filter(t -> t.getSystem() == org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.EMAIL)
			.map(t -> t.getValue())
			.findFirst()
			.orElse(null);
		try {
			return this.practices.registerPatient(author, practice, new NewPatient(nhi,
					patient.getNameFirstRep().getGivenAsSingleString(), patient.getNameFirstRep().getFamily(), born, email));
		}
		catch (PatientRejected ex) {
			throw new ImportProblem(ex.getMessage());
		}
	}

	private PatientId patientOf(PracticeId practice, Resource resource, Map<String, PatientId> inBundle) {
		Reference reference = EntryQueries.patientReference(resource);
		if (reference == null || !reference.hasReference()) {
			throw new ImportProblem("say whose it is (a reference to the Patient).");
		}
		PatientId found = inBundle.get(reference.getReference());
		if (found == null && reference.getReferenceElement().getResourceType() != null
				&& reference.getReferenceElement().getResourceType().equals("Patient")) {
			try {
				found = new PatientId(java.util.UUID.fromString(reference.getReferenceElement().getIdPart()));
			}
			catch (IllegalArgumentException ex) {
				found = null;
			}
		}
		if (found == null || !this.practices.practicesOf(found).contains(practice)) {
			throw new ImportProblem("the patient it refers to is neither in this bundle nor enrolled at your practice.");
		}
		return found;
	}

	private Bundle.BundleEntryComponent store(Subject author, PracticeId practice, PatientId patient, Resource resource) {
		String key = this.vault.indexText("import", patient.value() + "|" + canonical(resource));
		Optional<String> already = this.jdbc.sql("select location from imported_entry where practice_id = :p and content_key = :k")
			.param("p", practice.value())
			.param("k", key)
			.query(String.class)
			.optional();
		Bundle.BundleEntryComponent answer = new Bundle.BundleEntryComponent();
		if (already.isPresent()) {
			answer.getResponse().setStatus("200 OK").setLocation(already.get());
			return answer;
		}
		String location;
		if (resource instanceof DocumentReference document && isFile(document)) {
			Attachment attachment = document.getContentFirstRep().getAttachment();
			String title = document.hasDescription() ? document.getDescription()
					: document.hasType() && document.getType().hasText() ? document.getType().getText()
							: attachment.hasTitle() ? attachment.getTitle() : "Document";
			DocumentId id = this.documents.publish(author, patient, kindOf(document), title,
					attachment.hasTitle() ? attachment.getTitle() : "document", attachment.getData());
			location = "DocumentReference/" + DocumentReferenceProvider.DOCUMENT_PREFIX + id.value() + "/_history/1";
		}
		else {
			EntryId id = this.records.add(author, patient, withoutBundleIds(resource));
			location = resource.fhirType() + "/" + id.value() + "/_history/1";
		}
		this.jdbc.sql("""
				insert into imported_entry (practice_id, content_key, location, imported_at)
				values (:p, :k, :l, :at)
				""")
			.param("p", practice.value())
			.param("k", key)
			.param("l", location)
			.param("at", Timestamp.from(this.clock.instant()))
			.update();
		answer.getResponse().setStatus("201 Created").setLocation(location);
		return answer;
	}

	private static boolean isFile(DocumentReference document) {
		if (!document.hasContent() || !document.getContentFirstRep().hasAttachment()) {
			return false;
		}
		Attachment attachment = document.getContentFirstRep().getAttachment();
		String type = attachment.hasContentType() ? attachment.getContentType().toLowerCase(Locale.ROOT) : "";
		return attachment.hasData() && !type.startsWith("text/");
	}

	private static DocumentKind kindOf(DocumentReference document) {
		String words = document.hasType() ? (document.getType().getText() + " "
				+ document.getType().getCodingFirstRep().getDisplay()).toLowerCase(Locale.ROOT) : "";
		if (words.contains("discharge")) {
			return DocumentKind.DISCHARGE_SUMMARY;
		}
		if (words.contains("referral")) {
			return DocumentKind.REFERRAL;
		}
		if (words.contains("result") || words.contains("report")) {
			return DocumentKind.RESULT;
		}
		if (words.contains("letter")) {
			return DocumentKind.LETTER;
		}
		return DocumentKind.OTHER;
	}

	private Resource withoutBundleIds(Resource resource) {
		Resource copy = resource.copy();
		copy.setIdElement(null);
		copy.setMeta(null);
		return copy;
	}

	private String canonical(Resource resource) {
		Resource copy = withoutBundleIds(resource);
		Reference reference = EntryQueries.patientReference(copy);
		if (reference != null) {
			reference.setReference(null);
			reference.setResource(null);
		}
		return this.fhir.newJsonParser().setPrettyPrint(false).encodeResourceToString(copy);
	}

	private static UnprocessableEntityException refusal(List<String> problems) {
		OperationOutcome outcome = new OperationOutcome();
		for (String problem : problems) {
			outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(OperationOutcome.IssueType.PROCESSING)
				.setDiagnostics(problem);
		}
		return new UnprocessableEntityException("The bundle was not imported; nothing was stored.", outcome);
	}

	/**
	 * One entry cannot be imported; the message says why, in words for the sender.
	 */
	static final class ImportProblem extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ImportProblem(String message) {
			super(message, null, false, false);
		}

	}

}
