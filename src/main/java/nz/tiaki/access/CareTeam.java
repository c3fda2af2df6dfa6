package nz.tiaki.access;

import java.util.Optional;
import java.util.UUID;

import nz.tiaki.shared.ids.PatientId;

/**
 * Implemented by the module that knows practices: whether a staff member belongs to the
 * care team of a patient, and in what role.
 */
public interface CareTeam {

	/**
	 * @param staffId an active staff member
	 * @param patient a patient
	 * @return the staff member's role (for example {@code DOCTOR}) at a practice where the
	 * patient is enrolled, if there is one
	 */
	Optional<String> roleFor(UUID staffId, PatientId patient);

	/**
	 * @param staffId a staff member
	 * @return their role, if they are active at any practice
	 */
	Optional<String> roleOf(UUID staffId);

}
