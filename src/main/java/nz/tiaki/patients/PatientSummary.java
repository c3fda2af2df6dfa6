package nz.tiaki.patients;

import nz.tiaki.shared.ids.PatientId;
import java.time.LocalDate;

/**
 * Who a patient is. Personal data: never log it or put it in an exception.
 *
 * @param id the patient
 * @param nhi their NHI
 * @param givenName given name
 * @param familyName family name
 * @param birthDate date of birth
 * @param email contact address, may be {@code null}
 */
public record PatientSummary(PatientId id, Nhi nhi, String givenName, String familyName, LocalDate birthDate,
		String email) {

	/**
	 * @return the name as people read it
	 */
	public String displayName() {
		return this.givenName + " " + this.familyName;
	}

	@Override
	public String toString() {
		return "PatientSummary[" + this.id + "]";
	}

}
