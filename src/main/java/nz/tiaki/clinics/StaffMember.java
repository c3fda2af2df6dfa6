package nz.tiaki.clinics;

import nz.tiaki.shared.ids.PracticeId;
import java.util.UUID;

/**
 * A member of a practice's staff.
 *
 * @param id the staff member
 * @param practice their practice
 * @param displayName their name as shown
 * @param email their work address
 * @param role what they do
 * @param active whether they still work there
 */
public record StaffMember(UUID id, PracticeId practice, String displayName, String email, StaffRole role,
		boolean active) {

	@Override
	public String toString() {
		return "StaffMember[" + this.id + "]";
	}

}
