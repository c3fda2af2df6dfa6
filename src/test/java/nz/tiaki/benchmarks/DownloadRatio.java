package nz.tiaki.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The download target as a ratio measured in turns: the protected 1 MB download and the two
 * raw AES-GCM paths of {@link DownloadToSocketBenchmark} (same set-up, same JVM, same
 * socket sink), each run for a short window in turn, round after round, so that whatever the
 * shared machine does over minutes falls on all three alike. Each round gives the protected
 * path's throughput over the faster raw path's in that round; the run reports every round,
 * and the median and lowest ratio. JMH runs one benchmark after another, minutes apart; on
 * this kind of machine its throughput drifted by a tenth to a quarter within a run, and
 * which raw path was the faster changed from run to run.
 * <p>
 * Run with {@code scripts/download-ratio [rounds] [window seconds] [warm-up seconds] [threads]}
 * (defaults 8, 10, 150, 4). The warm-up alternates the three paths too: the protected path
 * needs one to three minutes before the JIT compiles its decryption.
 */
public final class DownloadRatio {

	/** Seconds between windows. */
	private static final int SETTLE = 2;

	private DownloadRatio() {
	}

	private interface Path {

		void run(DownloadToSocketBenchmark.Connection connection) throws Exception;

	}

	public static void main(String[] args) throws Exception {
		int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
		int window = args.length > 1 ? Integer.parseInt(args[1]) : 10;
		int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 150;
		int threads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
		DownloadToSocketBenchmark benchmark = new DownloadToSocketBenchmark();
		benchmark.side = 580;
		benchmark.store = "file-store";
		benchmark.perSession = 100;
		benchmark.seed();
		List<DownloadToSocketBenchmark.Connection> connections = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			DownloadToSocketBenchmark.Connection connection = new DownloadToSocketBenchmark.Connection();
			connection.open(benchmark);
			connections.add(connection);
		}
		Path[] paths = { benchmark::protectedDownloadToSocket, benchmark::rawAesGcmOpenToSocket,
				benchmark::rawSegmentsOpenToSocket };
		String[] names = { "protected", "raw, one piece", "raw, segments" };
		long warmed = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmUp);
		while (System.nanoTime() < warmed) {
			for (Path path : paths) {
				throughput(path, connections, 5);
			}
		}
		System.out.printf("%nround  %s  %s  %s  protected / faster raw%n", names[0], names[1], names[2]);
		List<Double> ratios = new ArrayList<>();
		for (int round = 1; round <= rounds; round++) {
			double[] measured = new double[paths.length];
			for (int p = 0; p < paths.length; p++) {
				// what a window leaves behind (the audit sealer's catch-up) is done before the next
				TimeUnit.SECONDS.sleep(SETTLE);
				measured[p] = throughput(paths[p], connections, window);
			}
			double ratio = measured[0] / Math.max(measured[1], measured[2]);
			ratios.add(ratio);
			System.out.printf("%5d  %,9.0f  %,14.0f  %,13.0f  %.3f%n", round, measured[0], measured[1], measured[2], ratio);
		}
		List<Double> sorted = ratios.stream().sorted().toList();
		double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
				: (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
		System.out.printf("median %.3f, lowest %.3f, highest %.3f over %d rounds of %d s, %d threads%n", median,
				sorted.get(0), sorted.get(sorted.size() - 1), rounds, window, threads);
		for (DownloadToSocketBenchmark.Connection connection : connections) {
			connection.close();
		}
		benchmark.stop();
		System.exit(0);
	}

	/** Runs a path on every connection, a thread each, for some seconds: operations a second. */
	private static double throughput(Path path, List<DownloadToSocketBenchmark.Connection> connections, int seconds)
			throws InterruptedException {
		AtomicBoolean going = new AtomicBoolean(true);
		LongAdder done = new LongAdder();
		List<Thread> running = new ArrayList<>();
		for (DownloadToSocketBenchmark.Connection connection : connections) {
			Thread thread = new Thread(() -> {
				try {
					while (going.get()) {
						path.run(connection);
						done.increment();
					}
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			thread.start();
			running.add(thread);
		}
		long started = System.nanoTime();
		TimeUnit.SECONDS.sleep(seconds);
		going.set(false);
		for (Thread thread : running) {
			thread.join();
		}
		return done.sum() / ((System.nanoTime() - started) / 1e9);
	}

}
