package nz.tiaki.audit;

import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes the whole chain from the events as stored, checks every signed checkpoint
 * against it, and looks for events that never entered the chain. Reports the first wrong
 * position.
 */
@Component
class AuditVerifier {

	private final JdbcTemplate streaming;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final CheckpointSigner signer;

	private final AuditSettings settings;

	private final Clock clock;

	AuditVerifier(DataSource dataSource, JdbcClient jdbc, TransactionTemplate transactions, CheckpointSigner signer,
			AuditSettings settings, Clock clock) {
		this.streaming = new JdbcTemplate(dataSource);
		this.streaming.setFetchSize(10_000);
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.signer = signer;
		this.settings = settings;
		this.clock = clock;
	}

	AuditVerification verify(List<ExportedCheckpoint> exported) {
		return this.transactions.execute(status -> check(exported, 0));
	}

	/**
	 * Verifies the chain from a signed checkpoint on: the checkpoint's signature is checked
	 * and its hash taken as the start, so only what was sealed after it is recomputed.
	 * @param anchor the position of a stored checkpoint
	 * @return what was found
	 * @throws IllegalArgumentException when no checkpoint is stored at that position
	 */
	AuditVerification verifySince(long anchor) {
		return this.transactions.execute(status -> check(List.of(), anchor));
	}

	private AuditVerification check(List<ExportedCheckpoint> exported, long requested) {
		long anchor = requested;
		List<Prune> prunes = this.jdbc.sql("""
				select anchor_seq, older_than, events, pruned_by, signature from audit_prune order by anchor_seq
				""")
			.query((rs, n) -> new Prune(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getLong(3), rs.getString(4),
					rs.getString(5)))
			.list();
		for (Prune prune : prunes) {
			boolean signed;
			try {
				signed = this.signer.verifyStatement(AuditPruner.statement(prune.anchor(), prune.olderThan(),
						prune.events(), prune.by()).getBytes(java.nio.charset.StandardCharsets.UTF_8),
						java.util.Base64.getDecoder().decode(prune.signature()));
			}
			catch (IllegalArgumentException ex) {
				signed = false;
			}
			if (!signed) {
				return AuditVerification.broken(0, 0, prune.anchor(),
						"the record of a prune up to here is not signed by this portal: events may have been deleted");
			}
			anchor = Math.max(anchor, prune.anchor());
		}
		Map<Long, StoredCheckpoint> checkpoints = new TreeMap<>();
		this.jdbc.sql("select seq, hash, signature from audit_checkpoint where seq >= :anchor order by seq")
			.param("anchor", anchor)
			.query((rs, n) -> new StoredCheckpoint(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)))
			.list()
			.forEach(c -> checkpoints.put(c.seq(), c));
		if (anchor > 0 && !checkpoints.containsKey(anchor)) {
			throw new IllegalArgumentException("No signed checkpoint is stored at position " + anchor);
		}
		Map<Long, byte[]> expectedFromExport = new TreeMap<>();
		for (ExportedCheckpoint checkpoint : exported) {
			expectedFromExport.put(checkpoint.seq(), HexFormat.of().parseHex(checkpoint.hash()));
		}
		Walk walk = new Walk();
		if (anchor > 0) {
			walk.seq = anchor;
			walk.hash = checkpoints.get(anchor).hash();
		}
		this.streaming.query("select " + EventCodec.COLUMNS + ", c.seq, c.hash, c.event_id from audit_chain c "
				+ "left join audit_event e on e.id = c.event_id where c.seq > ? order by c.seq", rs -> {
					if (walk.problem != null) {
						return;
					}
					long seq = rs.getLong(21);
					if (seq != walk.seq + 1) {
						walk.fail(walk.seq + 1, "chain position missing");
						return;
					}
					if (rs.getObject(1) == null) {
						walk.fail(seq, "the event sealed here has been deleted");
						return;
					}
					byte[] computed = EventCodec.link(walk.hash, EventCodec.canonical(rs));
					if (!MessageDigest.isEqual(computed, rs.getBytes(22))) {
						walk.fail(seq, "the event here was changed, moved or inserted after sealing");
						return;
					}
					StoredCheckpoint checkpoint = checkpoints.get(seq);
					if (checkpoint != null && !MessageDigest.isEqual(checkpoint.hash(), computed)) {
						walk.fail(seq, "the chain does not match the signed checkpoint here");
						return;
					}
					byte[] fromExport = expectedFromExport.get(seq);
					if (fromExport != null && !MessageDigest.isEqual(fromExport, computed)) {
						walk.fail(seq, "the chain does not match the exported checkpoint here");
						return;
					}
					walk.seq = seq;
					walk.hash = computed;
				}, anchor);
		if (walk.problem != null) {
			return AuditVerification.broken(walk.seq, 0, walk.badPosition, walk.problem);
		}
		long verifiedCheckpoints = 0;
		for (StoredCheckpoint checkpoint : checkpoints.values()) {
			if (!this.signer.verify(checkpoint.seq(), checkpoint.hash(), checkpoint.signature())) {
				return AuditVerification.broken(walk.seq, verifiedCheckpoints, checkpoint.seq(),
						"the checkpoint here has an invalid signature");
			}
			if (checkpoint.seq() > walk.seq) {
				return AuditVerification.broken(walk.seq, verifiedCheckpoints, walk.seq + 1,
						"a signed checkpoint covers position " + checkpoint.seq() + " but the chain ends at "
								+ walk.seq + ": events were removed from the end");
			}
			verifiedCheckpoints++;
		}
		for (Long seq : expectedFromExport.keySet()) {
			if (seq > walk.seq) {
				return AuditVerification.broken(walk.seq, verifiedCheckpoints, walk.seq + 1,
						"an exported checkpoint covers position " + seq + " but the chain ends at " + walk.seq
								+ ": events were removed from the end");
			}
		}
		Long stray = this.jdbc.sql("""
				select min(e.id) from audit_event e
				where e.occurred_at < :before and not exists (select 1 from audit_chain c where c.event_id = e.id)
				""")
			.param("before", Timestamp.from(this.clock.instant().minus(this.settings.unsealedGrace())))
			.query(Long.class)
			.optional()
			.orElse(null);
		if (stray != null) {
			return AuditVerification.broken(walk.seq, verifiedCheckpoints, walk.seq + 1,
					"event " + stray + " is older than the grace period but not in the chain: it was inserted "
							+ "outside the portal or its seal was removed");
		}
		return new AuditVerification(true, walk.seq, verifiedCheckpoints, 0, null);
	}

	private static final class Walk {

		long seq;

		byte[] hash = EventCodec.GENESIS;

		long badPosition;

		String problem;

		void fail(long position, String what) {
			this.badPosition = position;
			this.problem = what;
		}

	}

	private record StoredCheckpoint(long seq, byte[] hash, byte[] signature) {
	}

	private record Prune(long anchor, java.time.Instant olderThan, long events, String by, String signature) {
	}

}
