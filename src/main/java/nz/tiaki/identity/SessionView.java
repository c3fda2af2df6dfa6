package nz.tiaki.identity;

import java.time.Instant;

/**
 * One of an account's sessions, as its owner sees it.
 *
 * @param ref an opaque reference to revoke it by (never the session id)
 * @param device browser and system
 * @param place a coarse address
 * @param signedInAt when it began
 * @param lastSeen the last request
 * @param current whether it is the session asking
 */
public record SessionView(String ref, String device, String place, Instant signedInAt, Instant lastSeen,
		boolean current) {
}
