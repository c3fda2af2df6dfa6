package nz.tiaki.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Links newly committed audit events into the hash chain, in batches, and signs
 * checkpoints. Appending never waits for it: requests only insert their event. One node at
 * a time seals (a PostgreSQL advisory lock), so the chain stays single however many nodes
 * run.
 * <p>
 * Each round seals the events past the highest one chained, a short range of the primary
 * key. An event can commit after others with higher ids were sealed (its transaction was
 * still running); every {@value #LOOK_BACK_SECONDS} seconds, and whenever sealing is asked
 * for outright, a round also looks for events not yet chained above the <em>settled</em> id:
 * the highest below which no transaction still running can add an event. Each look-back
 * notes the moment (PostgreSQL's clock) and the highest event id visible then; once every
 * client's transaction that had started before that moment has ended ({@code pg_stat_activity};
 * the portal's role sees its own sessions, the only ones that append events), no
 * event at or below that id can still appear, and the settled id moves up to it, in the
 * database, for every node. So an event is found however long its transaction ran, and
 * while transactions are short the look-back covers only the last few seconds' ids. A
 * transaction left open holds the settled id back and the look-back grows until it ends
 * ({@code tiaki.audit.unsettled}).
 * <p>
 * Looking back on every round (an anti-join over 20,000 rows five times a second) cost
 * PostgreSQL about a sixth of a core under download load, and about a tenth of one idle with
 * ten million events (21 ms a look-back; docs/benchmarks/protected-reads.md, explain-plans.md).
 */
@Component
class AuditSealer {

	static final long LOCK = 0x7469616b69L;

	private static final Logger log = LoggerFactory.getLogger(AuditSealer.class);

	private static final int BATCH = 5000;

	/** How many noted moments are kept while a long transaction holds the settled id back. */
	static final int NOTED_KEPT = 1000;

	static final long LOOK_BACK_SECONDS = 5;

	private static final long LOOK_BACK_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(LOOK_BACK_SECONDS);

	/** When this node's scheduled rounds last looked back (System.nanoTime); only they use it. */
	private long lookedBackAt = System.nanoTime() - LOOK_BACK_NANOS;

	/** How many look-backs the scheduled rounds have run on this node. */
	private final java.util.concurrent.atomic.AtomicLong scheduledLookBacks = new java.util.concurrent.atomic.AtomicLong();

	/** Moments noted by this node's look-backs, oldest first, waiting to be settled. */
	private final java.util.ArrayDeque<Noted> noted = new java.util.ArrayDeque<>();

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	private final TransactionTemplate transactions;

	private final CheckpointSigner signer;

	private final AuditSettings settings;

	private final Clock clock;

	AuditSealer(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate transactions, CheckpointSigner signer,
			AuditSettings settings, Clock clock) {
		this.jdbc = jdbc;
		this.template = template;
		this.transactions = transactions;
		this.signer = signer;
		this.settings = settings;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${tiaki.audit.seal-interval}")
	void sealPeriodically() {
		long now = System.nanoTime();
		try {
			if (now - this.lookedBackAt < LOOK_BACK_NANOS) {
				sealAll(-1);
				return;
			}
			if (sealAll() >= 0) {
				// only a look-back that ran counts as done
				this.lookedBackAt = now;
				this.scheduledLookBacks.incrementAndGet();
			}
		}
		catch (RuntimeException ex) {
			log.warn("Audit sealing failed this round and will be retried ({})", ex.getClass().getSimpleName());
		}
	}

	/**
	 * Seals everything committed so far: what is new, and late events above the settled id;
	 * then moves the settled id up to the highest noted id whose moment every running
	 * transaction is younger than, and notes this moment.
	 * @return how many events were sealed, or -1 when another node or thread was sealing
	 */
	synchronized int sealAll() {
		Noted now = this.jdbc.sql("""
				select clock_timestamp(), coalesce((select max(id) from audit_event), 0),
				  (select min(xact_start) from pg_stat_activity
				   where datname = current_database() and backend_type = 'client backend'
				     and pid <> pg_backend_pid())
				""")
			.query((rs, n) -> new Noted(rs.getTimestamp(1).toInstant(), rs.getLong(2),
					rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant()))
			.single();
		long settled = settled();
		long settles = settled;
		int ended = 0;
		for (Noted earlier : this.noted) {
			if (now.oldestRunning() != null && !earlier.at().isBefore(now.oldestRunning())) {
				break;
			}
			settles = Math.max(settles, earlier.highestId());
			ended++;
		}
		int sealed = sealAll(settled);
		if (sealed < 0) {
			return -1;
		}
		// every event at or below `settles` was visible to the look-back just run, so it is chained
		for (int i = 0; i < ended; i++) {
			this.noted.removeFirst();
		}
		if (settles > settled) {
			this.jdbc.sql("update audit_settled set settled_through = greatest(settled_through, :id)")
				.param("id", settles)
				.update();
		}
		if (this.noted.size() >= NOTED_KEPT) {
			// a later moment is harder to settle, never wrongly settled
			this.noted.removeLast();
		}
		this.noted.addLast(now);
		return sealed;
	}

	long scheduledLookBacks() {
		return this.scheduledLookBacks.get();
	}

	/** The highest event id below which nothing can still be added. */
	long settled() {
		return this.jdbc.sql("select settled_through from audit_settled").query(Long.class).single();
	}

	/**
	 * @param lookBackFrom look for events not yet chained above this id, or only past the
	 * highest id chained when negative
	 * @return how many events were sealed, or -1 when another node or thread was sealing
	 */
	int sealAll(long lookBackFrom) {
		int total = 0;
		int sealed;
		do {
			Integer result = this.transactions.execute(status -> sealBatch(lookBackFrom));
			sealed = result == null ? 0 : result;
			if (sealed < 0) {
				return -1;
			}
			total += sealed;
		}
		while (sealed == BATCH);
		return total;
	}

	private int sealBatch(long lookBackFrom) {
		Boolean locked = this.jdbc.sql("select pg_try_advisory_xact_lock(:lock)")
			.param("lock", LOCK)
			.query(Boolean.class)
			.single();
		if (!Boolean.TRUE.equals(locked)) {
			return -1;
		}
		Tip tip = this.jdbc
			.sql("select c.seq, c.hash, (select max(event_id) from audit_chain) from audit_chain c "
					+ "order by c.seq desc limit 1")
			.query((rs, n) -> new Tip(rs.getLong(1), rs.getBytes(2), rs.getLong(3)))
			.optional()
			.orElse(new Tip(0, EventCodec.GENESIS, 0));
		List<Object[]> links = new ArrayList<>();
		long[] seq = { tip.seq() };
		byte[][] hash = { tip.hash() };
		org.springframework.jdbc.core.RowCallbackHandler link = rs -> {
			seq[0]++;
			hash[0] = EventCodec.link(hash[0], EventCodec.canonical(rs));
			links.add(new Object[] { seq[0], rs.getLong(1), hash[0] });
		};
		if (lookBackFrom >= 0) {
			// The chained side is bounded to the same ids as the events: without it PostgreSQL
			// hashes the whole chain (or scans both tables); with it both sides are short index
			// ranges (docs/benchmarks/explain-plans.md).
			this.template.query("select " + EventCodec.COLUMNS + " from audit_event e where e.id > ? "
					+ "and not exists (select 1 from audit_chain c where c.event_id = e.id and c.event_id > ?) "
					+ "order by e.id limit " + BATCH, link, lookBackFrom, lookBackFrom);
		}
		else {
			this.template.query("select " + EventCodec.COLUMNS + " from audit_event e where e.id > ? order by e.id limit "
					+ BATCH, link, tip.highestEventId());
		}
		if (links.isEmpty()) {
			return 0;
		}
		this.template.batchUpdate("insert into audit_chain (seq, event_id, hash) values (?, ?, ?)", links);
		checkpointIfDue(seq[0], hash[0]);
		return links.size();
	}

	private void checkpointIfDue(long seq, byte[] hash) {
		Checkpoint last = this.jdbc.sql("select seq, signed_at from audit_checkpoint order by seq desc limit 1")
			.query((rs, n) -> new Checkpoint(rs.getLong(1), rs.getTimestamp(2).toInstant()))
			.optional()
			.orElse(new Checkpoint(0, Instant.EPOCH));
		Instant now = this.clock.instant();
		boolean due = seq - last.seq() >= this.settings.checkpointEvery()
				|| !now.isBefore(last.at().plus(this.settings.checkpointInterval()));
		if (due && seq > last.seq()) {
			this.jdbc.sql("""
					insert into audit_checkpoint (seq, hash, signed_at, key_id, signature)
					values (:seq, :hash, :at, :key, :signature)
					""")
				.param("seq", seq)
				.param("hash", hash)
				.param("at", java.sql.Timestamp.from(now))
				.param("key", this.signer.keyId())
				.param("signature", this.signer.sign(seq, hash))
				.update();
		}
	}

	/**
	 * Signs a checkpoint at the chain's tip now, whatever the schedule says.
	 */
	void checkpointNow() {
		this.transactions.executeWithoutResult(status -> {
			this.template.query("select pg_advisory_xact_lock(?)", rs -> {
			}, LOCK);
			this.jdbc.sql("select seq, hash from audit_chain order by seq desc limit 1")
				.query((rs, n) -> new Tip(rs.getLong(1), rs.getBytes(2), 0))
				.optional()
				.ifPresent(tip -> {
					boolean exists = this.jdbc.sql("select count(*) from audit_checkpoint where seq = :seq")
						.param("seq", tip.seq())
						.query(Integer.class)
						.single() > 0;
					if (!exists) {
						this.jdbc.sql("""
								insert into audit_checkpoint (seq, hash, signed_at, key_id, signature)
								values (:seq, :hash, :at, :key, :signature)
								""")
							.param("seq", tip.seq())
							.param("hash", tip.hash())
							.param("at", java.sql.Timestamp.from(this.clock.instant()))
							.param("key", this.signer.keyId())
							.param("signature", this.signer.sign(tip.seq(), tip.hash()))
							.update();
					}
				});
		});
	}

	/** The chain's last link, and the highest event id chained (not always the last link's). */
	private record Tip(long seq, byte[] hash, long highestEventId) {
	}

	private record Checkpoint(long seq, Instant at) {
	}

	/**
	 * A moment on PostgreSQL's clock, the highest event id visible then, and when the oldest
	 * transaction then running (other than the sealer's own) began, if any.
	 */
	private record Noted(Instant at, long highestId, Instant oldestRunning) {
	}

}
