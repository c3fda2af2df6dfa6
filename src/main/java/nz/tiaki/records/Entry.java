package nz.tiaki.records;

import java.time.Instant;

import nz.tiaki.shared.ids.PatientId;

import org.hl7.fhir.r4.model.Resource;

/**
 * A clinical entry, opened. Personal health information: never log it.
 *
 * @param id the entry
 * @param patient whose
 * @param category what kind
 * @param recordedAt when it was entered
 * @param released whether the patient can see it now
 * @param releaseAfter when it is released automatically, if it is not yet
 * @param resource the FHIR R4 resource
 */
public record Entry(EntryId id, PatientId patient, Category category, Instant recordedAt, boolean released,
		Instant releaseAfter, Resource resource) {

	@Override
	public String toString() {
		return "Entry[" + this.id + " " + this.category + "]";
	}

}
