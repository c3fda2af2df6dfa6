package nz.tiaki.identity;

import java.time.LocalDate;

/**
 * What a person types to redeem an invitation: the code, the check (a patient's date of
 * birth, or a staff member's e-mail address) and a new password twice.
 *
 * @param code the invitation code
 * @param birthDate the date of birth, for a patient's invitation
 * @param email the e-mail address, for a staff member's invitation
 * @param password the new password
 * @param confirmation the new password again
 */
public record Redemption(String code, LocalDate birthDate, String email, String password, String confirmation) {

	@Override
	public String toString() {
		return "Redemption[]";
	}

}
