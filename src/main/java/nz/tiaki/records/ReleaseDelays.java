package nz.tiaki.records;

import java.time.Duration;
import java.util.Optional;

import nz.tiaki.access.Subject;

/**
 * Implemented by the module that knows practices: how long a practice holds results and
 * notes before its patients see them without a clinician's release.
 */
public interface ReleaseDelays {

	/**
	 * @param author who entered the result or note
	 * @return their practice's delay, if they are staff of one
	 */
	Optional<Duration> delayFor(Subject author);

}
