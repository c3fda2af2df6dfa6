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
 * <p>
 * Each round also gives what a protected download writes to PostgreSQL's write-ahead log:
 * its bytes (from the insert position, exact) and its full-page images (from
 * {@code pg_stat_wal}, which backends report about once a second), from the start of the
 * protected window to the start of the next, so that the sealer's catch-up in between is
 * counted with the downloads that left it.
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
		System.out.printf("%nround  %s  %s  %s  protected / faster raw  WAL bytes, full pages a download%n",
				names[0], names[1], names[2]);
		List<Double> ratios = new ArrayList<>();
		for (int round = 1; round <= rounds; round++) {
			double[] measured = new double[paths.length];
			long[] wal = null;
			for (int p = 0; p < paths.length; p++) {
				// what a window leaves behind (the audit sealer's catch-up) is done before the next
				TimeUnit.SECONDS.sleep(SETTLE);
				long[] now = wal(benchmark);
				if (p == 1) {
					wal = new long[] { now[0] - wal[0], now[1] - wal[1] };
				}
				else if (p == 0) {
					wal = now;
				}
				measured[p] = throughput(paths[p], connections, window);
			}
			double ratio = measured[0] / Math.max(measured[1], measured[2]);
			ratios.add(ratio);
			double downloads = measured[0] * window;
			System.out.printf("%5d  %,9.0f  %,14.0f  %,13.0f  %.3f  %,.0f, %.2f%n", round, measured[0], measured[1],
					measured[2], ratio, wal[0] / downloads, wal[1] / downloads);
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

	/** The write-ahead log's insert position in bytes, and the full-page images written so far. */
	private static long[] wal(DownloadToSocketBenchmark benchmark) {
		return benchmark.database()
			.sql("select pg_current_wal_insert_lsn() - '0/0'::pg_lsn, (select wal_fpi from pg_stat_wal)")
			.query((rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.single();
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
