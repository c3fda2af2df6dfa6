package nz.tiaki.records;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.AccessGate;
import nz.tiaki.access.Action;
import nz.tiaki.access.Grant;
import nz.tiaki.access.Subject;
import nz.tiaki.access.SubjectPractices;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;
import nz.tiaki.vault.Vault;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A patient's clinical record. Every read and write passes the access gate; content is
 * sealed under the patient's key and opened only with the gate's grant. Patients (and
 * their proxies) see results and notes once a clinician releases them or the practice's
 * delay has passed; a missing entry and a forbidden one answer alike.
 */
@Service
public class Records {

	static final String KIND = "record";

	static final Duration DEFAULT_RELEASE_DELAY = Duration.ofDays(7);

	private final EntryStore entries;

	private final AccessGate gate;

	private final Vault vault;

	private final FhirContext fhir;

	private final ObjectProvider<ReleaseDelays> delays;

	private final Clock clock;

	private final ObjectProvider<SubjectPractices> practices;

	Records(EntryStore entries, AccessGate gate, Vault vault, FhirContext fhir, ObjectProvider<ReleaseDelays> delays,
			Clock clock, ObjectProvider<SubjectPractices> practices) {
		this.practices = practices;
		this.entries = entries;
		this.gate = gate;
		this.vault = vault;
		this.fhir = fhir;
		this.delays = delays;
		this.clock = clock;
	}

	/**
	 * Adds an entry. Summary entries are visible to the patient at once; results and notes
	 * after release or the practice's delay.
	 * @param author a clinician of the patient's care team (or a system job)
	 * @param patient whose record
	 * @param resource a Condition, MedicationStatement, AllergyIntolerance, Immunization,
	 * Observation or DocumentReference
	 * @return the new entry's id
	 * @throws EntryRejected when the resource is of another type
	 * @throws AccessDenied when the author may not write this patient's record
	 */
	@Transactional
	public EntryId add(Subject author, PatientId patient, Resource resource) {
		Category category = Category.of(resource)
			.orElseThrow(() -> new EntryRejected("A record entry must be a condition, medicine, allergy, "
					+ "immunisation, result or note."));
		Grant grant = this.gate.require(author, patient, Action.WRITE_RECORD, null);
		return store(grant, author, category, resource, false);
	}

	/**
	 * Adds every supported resource of a bundle to one patient's record (resources of other
	 * types are skipped), in one transaction.
	 * @param author who imports
	 * @param patient whose record
	 * @param bundle the resources
	 * @param releaseNow whether results and notes are released at once (imports of history)
	 * @return how many entries were added
	 */
	@Transactional
	public int importBundle(Subject author, PatientId patient, Bundle bundle, boolean releaseNow) {
		Grant grant = this.gate.require(author, patient, Action.WRITE_RECORD, "import");
		int added = 0;
		for (Bundle.BundleEntryComponent component : bundle.getEntry()) {
			Resource resource = component.getResource();
			var category = resource == null ? java.util.Optional.<Category>empty() : Category.of(resource);
			if (category.isPresent()) {
				store(grant, author, category.get(), resource, releaseNow);
				added++;
			}
		}
		return added;
	}

	private EntryId store(Grant grant, Subject author, Category category, Resource resource, boolean releaseNow) {
		EntryId id = new EntryId(UUID.randomUUID());
		Resource copy = resource.copy();
		copy.setId(id.value().toString());
		setSubjectOf(copy, grant.patient());
		byte[] json = parser().encodeResourceToString(copy).getBytes(StandardCharsets.UTF_8);
		Instant now = this.clock.instant();
		Instant releaseAfter = null;
		Instant releasedAt = null;
		if (category.needsRelease()) {
			if (releaseNow) {
				releasedAt = now;
			}
			else {
				releaseAfter = now.plus(this.delays.orderedStream()
					.map(d -> d.delayFor(author))
					.flatMap(java.util.Optional::stream)
					.findFirst()
					.orElse(DEFAULT_RELEASE_DELAY));
			}
		}
		PracticeId practice = this.practices.orderedStream()
			.map(source -> source.practiceOf(author, grant.patient()))
			.flatMap(java.util.Optional::stream)
			.findFirst()
			.orElse(null);
		this.entries.insert(id, grant.patient(), practice, category, now, author.accountId(), releaseAfter, releasedAt,
				this.vault.seal(grant, KIND, id.value(), json));
		return id;
	}

	void setSubject(Resource resource, PatientId patient) {
		setSubjectOf(resource, patient);
	}

	private static void setSubjectOf(Resource resource, PatientId patient) {
		Reference subject = new Reference("Patient/" + patient.value());
		if (resource instanceof org.hl7.fhir.r4.model.Condition c) {
			c.setSubject(subject);
		}
		else if (resource instanceof org.hl7.fhir.r4.model.MedicationStatement m) {
			m.setSubject(subject);
		}
		else if (resource instanceof org.hl7.fhir.r4.model.AllergyIntolerance a) {
			a.setPatient(subject);
		}
		else if (resource instanceof org.hl7.fhir.r4.model.Immunization i) {
			i.setPatient(subject);
		}
		else if (resource instanceof org.hl7.fhir.r4.model.Observation o) {
			o.setSubject(subject);
		}
		else if (resource instanceof org.hl7.fhir.r4.model.DocumentReference d) {
			d.setSubject(subject);
		}
	}

	/**
	 * Deletes what one practice wrote in a patient's record (the practice leaving the
	 * portal); what other practices wrote stays. A recorded decision of the gate.
	 * @param job the system task doing it
	 * @param practice whose entries
	 * @param patient whose record
	 * @return how many entries were deleted
	 */
	@Transactional
	public int removeFrom(Subject job, PracticeId practice, PatientId patient) {
		this.gate.require(job, patient, Action.ERASE, "practice:" + practice);
		return this.entries.deleteFrom(practice, patient);
	}

	/**
	 * Releases a result or note to the patient.
	 * @param clinician a doctor or nurse of the care team
	 * @param id the entry
	 * @throws EntryNotFound when it does not exist or the clinician may not release it
	 */
	@Transactional
	public void release(Subject clinician, EntryId id) {
		EntryStore.Row row = this.entries.find(id).orElseThrow(() -> unknown(clinician, Action.RELEASE, id));
		try {
			this.gate.require(clinician, row.patient(), Action.RELEASE, id.toString());
		}
		catch (AccessDenied ex) {
			throw new EntryNotFound();
		}
		this.entries.release(id, clinician.accountId(), this.clock.instant());
	}

	/**
	 * @param subject who asks
	 * @param patient whose record
	 * @param category which list
	 * @return the entries the subject may see, newest first
	 * @throws AccessDenied when the subject may not read this list
	 */
	@Transactional(readOnly = true)
	public List<Entry> list(Subject subject, PatientId patient, Category category) {
		Grant grant = this.gate.require(subject, patient, category.readAction(), category.name());
		return open(grant, subject, this.entries.of(patient, category));
	}

	/**
	 * The patient's current medicines only, for asking for repeats: a proxy allowed
	 * prescriptions sees their names and doses, nothing else of the record.
	 * @param subject who asks
	 * @param patient whose
	 * @return the medicines marked active, newest first
	 * @throws AccessDenied when the subject may not ask for repeats for this patient
	 */
	@Transactional(readOnly = true)
	public List<Entry> currentMedicines(Subject subject, PatientId patient) {
		Grant grant = this.gate.require(subject, patient, Action.REQUEST_REPEAT, "medicines");
		return open(grant, subject, this.entries.of(patient, Category.MEDICATION)).stream()
			.filter(entry -> entry.resource() instanceof org.hl7.fhir.r4.model.MedicationStatement statement
					&& statement.getStatus() == org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus.ACTIVE)
			.toList();
	}

	/**
	 * The summary: conditions, medicines, allergies and immunisations, under one decision.
	 * @param subject who asks
	 * @param patient whose record
	 * @return the four lists
	 * @throws AccessDenied when the subject may not read the summary
	 */
	@Transactional(readOnly = true)
	public Map<Category, List<Entry>> summary(Subject subject, PatientId patient) {
		Grant grant = this.gate.require(subject, patient, Action.READ_SUMMARY, "summary");
		Map<Category, List<Entry>> summary = new EnumMap<>(Category.class);
		for (Category category : new Category[] { Category.CONDITION, Category.MEDICATION, Category.ALLERGY,
				Category.IMMUNISATION }) {
			summary.put(category, open(grant, subject, this.entries.of(patient, category)));
		}
		return summary;
	}

	/**
	 * @param subject who asks
	 * @param id an entry
	 * @return the entry
	 * @throws EntryNotFound when it does not exist, the subject may not read it, or it is
	 * not yet released to a patient
	 */
	@Transactional(readOnly = true)
	public Entry get(Subject subject, EntryId id) {
		return get(subject, id, null);
	}

	/**
	 * @param subject who asks
	 * @param id an entry
	 * @param onlyOf the one patient the asker may reach through this channel (an app's
	 * launch patient), or {@code null} for whoever the gate allows
	 * @return the entry
	 * @throws EntryNotFound when it does not exist, belongs to another patient than
	 * {@code onlyOf}, the subject may not read it, or it is not yet released to a patient
	 */
	@Transactional(readOnly = true)
	public Entry get(Subject subject, EntryId id, PatientId onlyOf) {
		EntryStore.Row row = this.entries.find(id)
			.filter(found -> onlyOf == null || found.patient().equals(onlyOf))
			.orElseThrow(() -> unknown(subject, Action.READ_SUMMARY, id));
		Grant grant;
		try {
			grant = this.gate.require(subject, row.patient(), row.category().readAction(), id.toString());
		}
		catch (AccessDenied ex) {
			throw new EntryNotFound();
		}
		List<Entry> visible = open(grant, subject, List.of(row));
		if (visible.isEmpty()) {
			throw new EntryNotFound();
		}
		return visible.get(0);
	}

	private EntryNotFound unknown(Subject subject, Action action, EntryId id) {
		this.gate.recordUnknown(subject, action, id.toString());
		return new EntryNotFound();
	}

	private List<Entry> open(Grant grant, Subject subject, List<EntryStore.Row> rows) {
		Instant now = this.clock.instant();
		boolean patientView = subject.kind() == Subject.Kind.PATIENT;
		List<Entry> opened = new ArrayList<>(rows.size());
		IParser parser = parser();
		for (EntryStore.Row row : rows) {
			boolean visible = row.visibleToPatient(now);
			if (patientView && !visible) {
				continue;
			}
			byte[] json = this.vault.open(grant, row.patient(), KIND, row.id().value(), row.sealed());
			try {
				Resource resource = (Resource) parser.parseResource(new String(json, StandardCharsets.UTF_8));
				opened.add(new Entry(row.id(), row.patient(), row.category(), row.recordedAt(), visible,
						row.releaseAfter(), resource));
			}
			catch (DataFormatException ex) {
				throw new IllegalStateException("A stored entry could not be read", ex);
			}
		}
		return opened;
	}

	private IParser parser() {
		return this.fhir.newJsonParser();
	}

}
