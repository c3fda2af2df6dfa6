package nz.tiaki.identity;

import java.time.Instant;

/**
 * An address was locked for failing to sign in too often: password guessing or credential
 * stuffing from there is likely. Published for whoever raises alerts.
 *
 * @param address the source address
 * @param failures the failures that locked it
 * @param since the start of the window they fell in
 * @param at when it was locked
 */
public record SignInAttack(String address, int failures, Instant since, Instant at) {
}
