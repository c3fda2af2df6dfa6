package nz.tiaki.identity;

import java.time.Instant;

/**
 * An address was locked for failing to sign in too often, or sign-ins failed unusually often
 * across many addresses: password guessing or credential stuffing is likely. Published for
 * whoever raises alerts.
 *
 * @param address the source address; {@code null} when the failures are spread over many
 * @param failures the failures that locked it
 * @param since the start of the window they fell in
 * @param at when it was locked
 */
public record SignInAttack(String address, int failures, Instant since, Instant at) {
}
