package nz.tiaki.incidents;

/**
 * What containing an incident did.
 *
 * @param accountsLocked accounts locked (no sign-in until lifted)
 * @param sessionsEnded live sessions ended
 * @param dataKeysRewrapped data keys re-wrapped under a new master key (0 if not rotated)
 */
public record Containment(int accountsLocked, int sessionsEnded, int dataKeysRewrapped) {
}
