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
 */
@Component
class AuditSealer {

	static final long LOCK = 0x7469616b69L;

	private static final Logger log = LoggerFactory.getLogger(AuditSealer.class);

	private static final int BATCH = 5000;

	private static final long LOOKBACK = 20_000;

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
		try {
			sealAll();
		}
		catch (RuntimeException ex) {
			log.warn("Audit sealing failed this round and will be retried ({})", ex.getClass().getSimpleName());
		}
	}

	/**
	 * Seals everything committed so far.
	 * @return how many events were sealed
	 */
	int sealAll() {
		int total = 0;
		int sealed;
		do {
			Integer result = this.transactions.execute(status -> sealBatch());
			sealed = result == null ? 0 : result;
			total += sealed;
		}
		while (sealed == BATCH);
		return total;
	}

	private int sealBatch() {
		Boolean locked = this.jdbc.sql("select pg_try_advisory_xact_lock(:lock)")
			.param("lock", LOCK)
			.query(Boolean.class)
			.single();
		if (!Boolean.TRUE.equals(locked)) {
			return 0;
		}
		Tip tip = this.jdbc
			.sql("select c.seq, c.hash, c.event_id from audit_chain c order by c.seq desc limit 1")
			.query((rs, n) -> new Tip(rs.getLong(1), rs.getBytes(2), rs.getLong(3)))
			.optional()
			.orElse(new Tip(0, EventCodec.GENESIS, 0));
		List<Object[]> links = new ArrayList<>();
		long[] seq = { tip.seq() };
		byte[][] hash = { tip.hash() };
		// The chained side is bounded to the same ids as the events: without it PostgreSQL hashes
		// the whole chain (or scans both tables) every 200 ms; with it both sides are short index
		// ranges (docs/benchmarks/explain-plans.md).
		long from = Math.max(0, tip.eventId() - LOOKBACK);
		this.template.query("select " + EventCodec.COLUMNS + " from audit_event e where e.id > ? "
				+ "and not exists (select 1 from audit_chain c where c.event_id = e.id and c.event_id > ?) "
				+ "order by e.id limit " + BATCH, rs -> {
					seq[0]++;
					hash[0] = EventCodec.link(hash[0], EventCodec.canonical(rs));
					links.add(new Object[] { seq[0], rs.getLong(1), hash[0] });
				}, from, from);
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

	private record Tip(long seq, byte[] hash, long eventId) {
	}

	private record Checkpoint(long seq, Instant at) {
	}

}
