package nz.tiaki.documents;

import java.time.Period;
import java.util.Optional;

import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;

/**
 * How long practice documents stay in the portal, and what is held against deletion;
 * provided by the module that keeps the rules. Without one, everything stays.
 */
public interface DocumentRetention {

	/**
	 * @param practice the practice that published it, or {@code null} when unknown
	 * @param kind what it is
	 * @return how long after publication it leaves the portal, or empty when it stays
	 */
	Optional<Period> keepFor(PracticeId practice, DocumentKind kind);

	/**
	 * @return the shortest time any practice keeps any kind: nothing younger is ever due
	 */
	Period shortest();

	/**
	 * @param patient whose data
	 * @param practice the practice it came from, or {@code null}
	 * @return whether a legal hold stops its deletion
	 */
	boolean held(PatientId patient, PracticeId practice);

}
