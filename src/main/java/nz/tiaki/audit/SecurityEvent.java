package nz.tiaki.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One recorded security event. Holds no patient data: people are named by opaque ids.
 *
 * @param at when it happened
 * @param type what happened
 * @param accountId the account concerned, if one is known
 * @param subjectRef an opaque reference when no account is known (a digest of what was
 * typed)
 * @param sessionRef a digest of the session id
 * @param sourceAddress the client address
 * @param userAgent the client's user agent
 * @param detail a short machine-readable detail, never personal data
 */
public record SecurityEvent(Instant at, SecurityEventType type, UUID accountId, String subjectRef, String sessionRef,
		String sourceAddress, String userAgent, String detail) {
}
