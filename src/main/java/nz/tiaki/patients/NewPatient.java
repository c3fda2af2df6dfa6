package nz.tiaki.patients;

import java.time.LocalDate;

/**
 * A patient to add to the registry.
 *
 * @param nhi their NHI
 * @param givenName given name
 * @param familyName family name
 * @param birthDate date of birth
 * @param email contact address, may be {@code null}
 */
public record NewPatient(Nhi nhi, String givenName, String familyName, LocalDate birthDate, String email) {

	@Override
	public String toString() {
		return "NewPatient[]";
	}

}
