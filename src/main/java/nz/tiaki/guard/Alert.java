package nz.tiaki.guard;

import java.time.Instant;
import java.util.UUID;

/**
 * A security alert for a practice's privacy officer and Tiaki's operators. Names no patient.
 *
 * @param id the alert
 * @param raisedAt when
 * @param severity {@code WARNING} or {@code CRITICAL}
 * @param kind what tripped
 * @param accountId the account concerned
 * @param sessionRef the session concerned
 * @param summary what happened, in words
 * @param windowFrom start of the audit slice behind it
 * @param windowTo end of that slice
 * @param acknowledged whether someone has looked at it
 * @param practiceId the practice it was raised at; none for a platform alert (an attack on
 * sign-in from one address, for example)
 */
public record Alert(UUID id, Instant raisedAt, String severity, String kind, UUID accountId, String sessionRef,
		String summary, Instant windowFrom, Instant windowTo, boolean acknowledged, UUID practiceId) {
}
