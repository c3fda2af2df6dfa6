package nz.tiaki.identity;

import java.time.Duration;

/**
 * The outcome of checking a second factor.
 *
 * @param result what happened
 * @param retryAfter how long to wait when throttled
 */
public record FactorCheck(Result result, Duration retryAfter) {

	static final FactorCheck ACCEPTED = new FactorCheck(Result.ACCEPTED, Duration.ZERO);

	static final FactorCheck REFUSED = new FactorCheck(Result.REFUSED, Duration.ZERO);

	/**
	 * @return whether the factor passed
	 */
	public boolean accepted() {
		return this.result == Result.ACCEPTED;
	}

	/**
	 * @return a plain-language message for a refusal
	 */
	public String message() {
		return switch (this.result) {
			case ACCEPTED -> "";
			case REFUSED -> "That code did not work. Check it and try again.";
			case WAIT -> "Too many attempts. Wait " + Waits.describe(this.retryAfter) + " and try again.";
			case LOCKED -> "Too many attempts, so sign-in is paused for this account. Try again in "
					+ Waits.describe(this.retryAfter) + ".";
		};
	}

	/**
	 * Outcomes.
	 */
	public enum Result {

		/** The factor passed. */
		ACCEPTED,
		/** The code was wrong, used or expired. */
		REFUSED,
		/** Checked too soon after earlier failures. */
		WAIT,
		/** The account or address is locked. */
		LOCKED

	}

}
