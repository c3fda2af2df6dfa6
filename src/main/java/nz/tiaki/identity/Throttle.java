package nz.tiaki.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts failures per key (a digest of a typed name, an address, an invitation source) in
 * PostgreSQL, so every node sees the same counts. After {@code delayAfter} failures each
 * further attempt must wait longer (1 s, doubling, at most 60 s); after {@code lockAfter}
 * failures within the window the key is locked.
 */
@Component
class Throttle {

	static final Duration MAX_DELAY = Duration.ofSeconds(60);

	private final JdbcClient jdbc;

	private final Clock clock;

	Throttle(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * @return the verdict for a new attempt under this key
	 */
	@Transactional(readOnly = true)
	Verdict check(String key, Policy policy) {
		Instant now = this.clock.instant();
		Optional<Row> found = this.jdbc
			.sql("select failures, window_started_at, last_failure_at, locked_until from sign_in_throttle where throttle_key = :key")
			.param("key", key)
			.query((rs, n) -> new Row(rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
					rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()))
			.optional();
		if (found.isEmpty()) {
			return Verdict.OPEN;
		}
		Row row = found.get();
		if (row.lockedUntil() != null && now.isBefore(row.lockedUntil())) {
			return new Verdict(Outcome.LOCKED, Duration.between(now, row.lockedUntil()));
		}
		if (row.windowStartedAt().isBefore(now.minus(policy.window()))) {
			return Verdict.OPEN;
		}
		if (policy.delayAfter() > 0 && row.failures() >= policy.delayAfter()) {
			Instant next = row.lastFailureAt().plus(delay(row.failures() - policy.delayAfter()));
			if (now.isBefore(next)) {
				return new Verdict(Outcome.WAIT, Duration.between(now, next));
			}
		}
		return Verdict.OPEN;
	}

	/**
	 * Counts a failure.
	 * @return whether this failure locked the key
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	boolean failed(String key, Policy policy) {
		Instant now = this.clock.instant();
		Timestamp at = Timestamp.from(now);
		int failures = this.jdbc.sql("""
				insert into sign_in_throttle (throttle_key, failures, window_started_at, last_failure_at)
				values (:key, 1, :now, :now)
				on conflict (throttle_key) do update set
				  failures = case when sign_in_throttle.window_started_at < :windowStart then 1
				                  else sign_in_throttle.failures + 1 end,
				  window_started_at = case when sign_in_throttle.window_started_at < :windowStart then :now
				                           else sign_in_throttle.window_started_at end,
				  last_failure_at = :now
				returning failures
				""")
			.param("key", key)
			.param("now", at)
			.param("windowStart", Timestamp.from(now.minus(policy.window())))
			.query(Integer.class)
			.single();
		if (failures >= policy.lockAfter()) {
			Instant until = now.plus(policy.lockFor());
			this.jdbc.sql("""
					update sign_in_throttle set locked_until = :until, failures = 0, window_started_at = :until
					where throttle_key = :key
					""").param("until", Timestamp.from(until)).param("key", key).update();
			return true;
		}
		return false;
	}

	@Transactional(propagation = Propagation.REQUIRES_NEW)
	void cleared(String key) {
		this.jdbc.sql("delete from sign_in_throttle where throttle_key = :key and (locked_until is null or locked_until < :now)")
			.param("key", key)
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
	}

	static Duration delay(int beyond) {
		if (beyond >= 6) {
			return MAX_DELAY;
		}
		return Duration.ofSeconds(1L << beyond);
	}

	private record Row(int failures, Instant windowStartedAt, Instant lastFailureAt, Instant lockedUntil) {
	}

	/**
	 * How one kind of key is throttled.
	 */
	record Policy(int delayAfter, int lockAfter, Duration window, Duration lockFor) {
	}

	enum Outcome {

		OPEN, WAIT, LOCKED

	}

	/**
	 * Whether an attempt may go ahead, and if not, for how long it must wait.
	 */
	record Verdict(Outcome outcome, Duration retryAfter) {

		static final Verdict OPEN = new Verdict(Outcome.OPEN, Duration.ZERO);

		boolean open() {
			return this.outcome == Outcome.OPEN;
		}

	}

}
