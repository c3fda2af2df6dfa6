package nz.tiaki.documents;

import java.util.Optional;

import nz.tiaki.access.Subject;
import nz.tiaki.shared.ids.PracticeId;

/**
 * Which practice a publishing subject (a staff member, a practice system) belongs to;
 * provided by the modules that know them.
 */
public interface DocumentAuthors {

	/**
	 * @param author who publishes
	 * @return their practice, or empty when this source does not know them
	 */
	Optional<PracticeId> practiceOf(Subject author);

}
