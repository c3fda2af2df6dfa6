package nz.tiaki.incidents;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * What an incident is about: the suspect accounts, sessions and addresses, and when.
 *
 * @param accounts account ids
 * @param sessions session references (as the audit log records them)
 * @param addresses source addresses
 * @param from start of the window, inclusive
 * @param to end of the window, exclusive
 */
public record Scope(Set<UUID> accounts, Set<String> sessions, Set<String> addresses, Instant from, Instant to) {
}
