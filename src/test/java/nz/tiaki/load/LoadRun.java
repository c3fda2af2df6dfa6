package nz.tiaki.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one scenario: its users set up together (timed into the set-up figures), then
 * iterate through a warm-up that is not measured, then through the measured period, which
 * ends after a duration or once every user has done a number of iterations.
 */
final class LoadRun {

	private LoadRun() {
	}

	/**
	 * @param users how many users at once
	 * @param warmUp how long to run before measuring
	 * @param duration how long to measure, or {@code null} to run a fixed number of
	 * iterations
	 * @param iterations iterations per user when no duration is given
	 * @return the set-up figures and the measured figures
	 */
	static Result run(Scenarios.Scenario scenario, int users, Duration warmUp, Duration duration, int iterations) {
		int longest = duration == null ? 3600 : (int) duration.toSeconds() + 5;
		Measurements setUp = new Measurements(scenario.name(), users, longest);
		Measurements measured = new Measurements(scenario.name(), users, longest);
		List<Scenarios.VirtualUser> made = new ArrayList<>();
		for (int i = 0; i < users; i++) {
			made.add(scenario.user().apply(i));
		}
		setUp.start();
		inParallel(made, (user) -> user.setUp(setUp));
		setUp.end();

		// Each user looks at the time between iterations: the warm-up and the measured period
		// end at deadlines, not when a timer thread wakes.
		long measureFrom = System.nanoTime() + warmUp.toNanos();
		long stopAt = duration == null ? Long.MAX_VALUE : measureFrom + duration.toNanos();
		if (warmUp.isZero()) {
			measured.start();
		}
		inParallel(made, (user) -> {
			int done = 0;
			while (true) {
				long now = System.nanoTime();
				if (!measured.measuring() && now - measureFrom >= 0) {
					measured.start();
				}
				if (duration != null ? now - stopAt >= 0 : done >= iterations) {
					return;
				}
				boolean counted = measured.measuring();
				try {
					user.iterate(measured);
				}
				catch (Scenarios.Failed ex) {
					// counted; the user goes on with its next iteration
				}
				if (counted) {
					done++;
				}
			}
		});
		measured.end();
		return new Result(scenario, setUp, measured);
	}

	private static void inParallel(List<Scenarios.VirtualUser> users,
			java.util.function.Consumer<Scenarios.VirtualUser> work) {
		List<Thread> threads = new ArrayList<>();
		List<Throwable> problems = java.util.Collections.synchronizedList(new ArrayList<>());
		for (Scenarios.VirtualUser user : users) {
			Thread thread = new Thread(() -> {
				try {
					work.accept(user);
				}
				catch (Scenarios.Failed ex) {
					problems.add(ex);
				}
			}, "load-user-" + threads.size());
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		if (!problems.isEmpty()) {
			IllegalStateException failure = new IllegalStateException(
					problems.size() + " of " + users.size() + " users could not set up: " + problems.get(0).getMessage());
			problems.forEach(failure::addSuppressed);
			throw failure;
		}
	}

	record Result(Scenarios.Scenario scenario, Measurements setUp, Measurements measured) {
	}

}
