package nz.tiaki.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The download target as a ratio measured in turns: the protected 1 MB download and the two
 * raw AES-GCM paths of {@link DownloadToSocketBenchmark} (same set-up, same JVM, same
 * socket sink), taking turns in short slices, so that whatever the shared machine does falls
 * on all three alike. A round gives each path the same number of slices, interleaved, and
 * the protected path's throughput over the faster raw path's in that round; the run reports
 * every round, and the median, lowest and highest ratio. JMH runs one benchmark after
 * another, minutes apart; on this kind of machine its throughput drifted by a tenth to a
 * quarter within a run, and which raw path was the faster changed from run to run. Turns of
 * 10 s each were not short enough either: one path's throughput moved by up to half from one
 * window to the next, with the machine's CPU fully busy and none of it stolen, so a round's
 * ratio depended on which path the machine's slow seconds fell on.
 * <p>
 * Run with {@code scripts/download-ratio [rounds] [seconds a path a round] [warm-up seconds]
 * [threads] [slice seconds]} (defaults 8, 10, 150, 4, 2). The warm-up alternates the three
 * paths too: the protected path needs one to three minutes before the JIT compiles its
 * decryption. Slices are half a second apart, for the audit sealer to chain what the
 * protected slice recorded (it runs every 200 ms).
 * <p>
 * Each round also gives what a protected download writes to PostgreSQL's write-ahead log:
 * its bytes (from the insert position, exact) and its full-page images (from
 * {@code pg_stat_wal}, which backends report about once a second), from the start of each
 * protected slice to the start of the next slice, so that the sealer's catch-up in between
 * is counted with the downloads that left it. And each slice counts the CPU time the whole
 * machine spent in it ({@code /proc/stat}: the portal, PostgreSQL, the audit sealer, the
 * socket's other end), for a second ratio, the faster raw path's CPU time per operation over
 * the protected path's: what the throughputs' ratio would be on two cores of its own, kept
 * busy, where the hypervisor takes time away. The protected slices' busy and stolen shares
 * are printed too; a busy share well short of 100 % would say the paths were not held to
 * their CPU cost.
 */
public final class DownloadRatio {

	/** Milliseconds between slices. */
	private static final int SETTLE = 500;

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
		int slice = args.length > 4 ? Integer.parseInt(args[4]) : 2;
		if (slice < 1 || window % slice != 0) {
			throw new IllegalArgumentException("A window is a whole number of slices");
		}
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
		System.out.printf("%nround  %s  %s  %s  protected / faster raw  by CPU time  "
				+ "busy, stolen (protected)  WAL bytes, full pages a download%n", names[0], names[1], names[2]);
		List<Double> ratios = new ArrayList<>();
		List<Double> byCpu = new ArrayList<>();
		for (int round = 1; round <= rounds; round++) {
			Window[] measured = new Window[paths.length];
			long[] wal = { 0, 0 };
			for (int turn = 0; turn < window / slice; turn++) {
				long[] before = null;
				for (int p = 0; p < paths.length; p++) {
					// what a slice leaves behind (the audit sealer's catch-up) is done before the next
					TimeUnit.MILLISECONDS.sleep(SETTLE);
					long[] now = wal(benchmark);
					if (p == 1) {
						wal[0] += now[0] - before[0];
						wal[1] += now[1] - before[1];
					}
					before = now;
					Window slid = throughput(paths[p], connections, slice);
					measured[p] = measured[p] == null ? slid : measured[p].plus(slid);
				}
			}
			double ratio = measured[0].perSecond() / Math.max(measured[1].perSecond(), measured[2].perSecond());
			double cpu = Math.min(measured[1].cpuPerOperation(), measured[2].cpuPerOperation())
					/ measured[0].cpuPerOperation();
			ratios.add(ratio);
			byCpu.add(cpu);
			System.out.printf("%5d  %,9.0f  %,14.0f  %,13.0f  %.3f  %.3f  %.0f %%, %.0f %%  %,.0f, %.2f%n", round,
					measured[0].perSecond(), measured[1].perSecond(), measured[2].perSecond(), ratio, cpu,
					100 * measured[0].busy(), 100 * measured[0].stolen(), wal[0] / (double) measured[0].operations(),
					wal[1] / (double) measured[0].operations());
		}
		System.out.println(summary("throughput", ratios) + String.format(
				" over %d rounds of %d s a path, in slices of %d s, %d threads", rounds, window, slice, threads));
		System.out.println(summary("CPU time", byCpu));
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

	private static String summary(String what, List<Double> ratios) {
		List<Double> sorted = ratios.stream().sorted().toList();
		double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
				: (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
		return String.format("by %s: median %.3f, lowest %.3f, highest %.3f", what, median, sorted.get(0),
				sorted.get(sorted.size() - 1));
	}

	/**
	 * What a path's slices measured: operations and seconds, and from the machine's own
	 * counters ({@code /proc/stat}, every process on it) the clock ticks spent busy, stolen
	 * by the hypervisor for others, and in all.
	 */
	record Window(long operations, double seconds, long busyTicks, long stolenTicks, long allTicks) {

		double perSecond() {
			return this.operations / this.seconds;
		}

		/** The share of the machine's CPU time spent busy. */
		double busy() {
			return this.busyTicks / (double) this.allTicks;
		}

		/** The share of the machine's CPU time the hypervisor gave to others. */
		double stolen() {
			return this.stolenTicks / (double) this.allTicks;
		}

		/** CPU seconds an operation took, whatever the machine's neighbours took meanwhile. */
		double cpuPerOperation() {
			return this.busyTicks / TICKS / this.operations;
		}

		Window plus(Window other) {
			return new Window(this.operations + other.operations, this.seconds + other.seconds,
					this.busyTicks + other.busyTicks, this.stolenTicks + other.stolenTicks,
					this.allTicks + other.allTicks);
		}

	}

	/** The machine's CPU time so far in clock ticks: busy (user, nice, system, interrupts), idle and waiting, stolen. */
	private static long[] ticks() {
		try {
			String[] cpu = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long busy = Long.parseLong(cpu[1]) + Long.parseLong(cpu[2]) + Long.parseLong(cpu[3]) + Long.parseLong(cpu[6])
					+ Long.parseLong(cpu[7]);
			return new long[] { busy, Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]), Long.parseLong(cpu[8]) };
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** The clock ticks of {@code /proc/stat} a second (Linux's USER_HZ: 100 on x86 and ARM). */
	private static final double TICKS = 100;

	/** Runs a path on every connection, a thread each, for some seconds. */
	private static Window throughput(Path path, List<DownloadToSocketBenchmark.Connection> connections, int seconds)
			throws InterruptedException {
		AtomicBoolean going = new AtomicBoolean(true);
		LongAdder done = new LongAdder();
		List<Thread> running = new ArrayList<>();
		long[] before = ticks();
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
		double elapsed = (System.nanoTime() - started) / 1e9;
		long[] after = ticks();
		long busy = after[0] - before[0];
		long stolen = after[2] - before[2];
		return new Window(done.sum(), elapsed, busy, stolen, busy + (after[1] - before[1]) + stolen);
	}

}
