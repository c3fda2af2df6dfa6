package nz.tiaki.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What one scenario's run measured: a latency histogram and an error count per operation,
 * the latency of whole iterations, and how many operations completed in each second.
 */
final class Measurements {

	/** Latencies are kept in microseconds, up to a minute, to three significant digits. */
	private static final long LONGEST_MICROS = 60_000_000L;

	private final String scenario;

	private final int users;

	private final Map<String, Histogram> latencies = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();

	private final List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();

	private final AtomicLongArray perSecond;

	private volatile long started;

	private volatile long ended;

	private volatile boolean begun;

	Measurements(String scenario, int users, int longestSeconds) {
		this.scenario = scenario;
		this.users = users;
		this.perSecond = new AtomicLongArray(longestSeconds + 1);
	}

	/** Marks the start of the measured period (after set-up and warm-up); only the first call counts. */
	synchronized void start() {
		if (!this.begun) {
			this.started = System.nanoTime();
			this.begun = true;
		}
	}

	void end() {
		this.ended = System.nanoTime();
	}

	boolean measuring() {
		return this.begun && this.ended == 0;
	}

	/**
	 * Records a request that both started and ended within the measured period: one that
	 * began during the warm-up belongs to the warm-up.
	 */
	void succeeded(String operation, long startedNanos) {
		long now = System.nanoTime();
		if (!measuring() || startedNanos - this.started < 0) {
			return;
		}
		histogram(operation).recordValue(Math.min(LONGEST_MICROS, Math.max(1, (now - startedNanos) / 1000)));
		int second = (int) ((now - this.started) / 1_000_000_000L);
		if (second < this.perSecond.length() && !operation.startsWith("whole ")) {
			this.perSecond.incrementAndGet(second);
		}
	}

	/**
	 * @param answer what came back instead of the expected answer ("HTTP 503", an
	 * exception's class), counted so a report says why, not only how often
	 */
	void failed(String operation, String answer) {
		if (!measuring()) {
			return;
		}
		histogram(operation);
		this.errors.computeIfAbsent(operation, (name) -> new LongAdder()).increment();
		this.answers.computeIfAbsent(answer, (name) -> new LongAdder()).increment();
	}

	/** @return the unexpected answers and how often each came */
	Map<String, Long> unexpectedAnswers() {
		Map<String, Long> counts = new java.util.TreeMap<>();
		this.answers.forEach((answer, count) -> counts.put(answer, count.sum()));
		return counts;
	}

	private Histogram histogram(String operation) {
		return this.latencies.computeIfAbsent(operation, (name) -> {
			this.order.add(name);
			return new ConcurrentHistogram(LONGEST_MICROS, 3);
		});
	}

	String scenario() {
		return this.scenario;
	}

	int users() {
		return this.users;
	}

	double seconds() {
		return (this.ended - this.started) / 1e9;
	}

	/** @return the operations in the order they were first seen, with their figures */
	List<Row> rows() {
		List<Row> rows = new ArrayList<>();
		for (String operation : this.order) {
			Histogram histogram = this.latencies.get(operation);
			LongAdder failures = this.errors.get(operation);
			rows.add(new Row(operation, histogram.getTotalCount(), failures == null ? 0 : failures.sum(),
					histogram.getTotalCount() / seconds(), millis(histogram, 50), millis(histogram, 95),
					millis(histogram, 99), histogram.getMaxValue() / 1000.0));
		}
		return rows;
	}

	/** @return operations completed in each whole second of the measured period */
	long[] throughput() {
		int seconds = (int) Math.min(this.perSecond.length(), Math.floor(seconds()));
		long[] counts = new long[seconds];
		for (int i = 0; i < seconds; i++) {
			counts[i] = this.perSecond.get(i);
		}
		return counts;
	}

	/** @return the operations' total and error counts, for a quick look */
	Map<String, long[]> counts() {
		Map<String, long[]> counts = new LinkedHashMap<>();
		for (Row row : rows()) {
			counts.put(row.operation(), new long[] { row.count(), row.errors() });
		}
		return counts;
	}

	private static double millis(Histogram histogram, double percentile) {
		return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
	}

	/**
	 * One operation's figures; latencies in milliseconds.
	 */
	record Row(String operation, long count, long errors, double perSecond, double p50, double p95, double p99,
			double max) {
	}

}
