package nz.tiaki.access;

import java.time.Instant;

/**
 * One line of a patient's "who has seen my record".
 *
 * @param at when
 * @param who who, in words ("You", "Your proxy", a staff member's name, role and practice)
 * @param what what they did, in words
 * @param allowed whether it was allowed
 * @param emergency whether it was emergency access
 * @param place a coarse network location
 */
public record AccessHistoryItem(Instant at, String who, String what, boolean allowed, boolean emergency,
		String place) {
}
