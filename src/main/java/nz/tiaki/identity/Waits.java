package nz.tiaki.identity;

import java.time.Duration;

/**
 * Says how long to wait in words.
 */
final class Waits {

	private Waits() {
	}

	static String describe(Duration wait) {
		long seconds = Math.max(1, wait.toSeconds() + (wait.toMillisPart() > 0 ? 1 : 0));
		if (seconds < 90) {
			return seconds == 1 ? "1 second" : seconds + " seconds";
		}
		long minutes = (seconds + 59) / 60;
		return minutes + " minutes";
	}

}
