package nz.tiaki.access;

import java.util.Optional;

import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;

/**
 * Which practice a writing subject (a staff member, a practice system, a system job
 * importing for one practice) writes for, so that what it adds to a patient's record is
 * known as that practice's; provided by the modules that know them.
 */
public interface SubjectPractices {

	/**
	 * @param author who writes
	 * @param patient for whom
	 * @return the practice, or empty when this source does not know the author
	 */
	Optional<PracticeId> practiceOf(Subject author, PatientId patient);

}
