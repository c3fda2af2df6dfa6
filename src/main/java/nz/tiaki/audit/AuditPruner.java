package nz.tiaki.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Prunes audit events past the retention period: only after the whole log verifies, only
 * up to a signed checkpoint (which stays, as the anchor verification then starts from), as
 * the schema owner in a deliberate step, and with a signed record of the prune.
 */
@Component
class AuditPruner {

	private final JdbcTemplate owner;

	private final TransactionTemplate transactions;

	private final AuditVerifier verifier;

	private final CheckpointSigner signer;

	private final AuditSettings settings;

	private final Clock clock;

	AuditPruner(@Qualifier("ownerDataSource") DataSource owner, AuditVerifier verifier, CheckpointSigner signer,
			AuditSettings settings, Clock clock) {
		this.owner = new JdbcTemplate(owner);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(owner));
		this.verifier = verifier;
		this.signer = signer;
		this.settings = settings;
		this.clock = clock;
	}

	/** What a prune did. */
	record Pruned(long anchor, long events, Instant olderThan) {
	}

	static String statement(long anchor, Instant olderThan, long events, String by) {
		return "tiaki-audit-prune anchor=" + anchor + " older-than=" + olderThan + " events=" + events + " by=" + by;
	}

	/**
	 * @param operator who prunes
	 * @return what was pruned ({@code events} 0 when nothing is past the period)
	 * @throws IllegalStateException when the log does not verify: nothing is pruned then
	 */
	Pruned prune(String operator) {
		// Milliseconds, so the signed text reads back the same from a timestamp column.
		Instant olderThan = this.clock.instant()
			.atZone(ZoneOffset.UTC)
			.minus(this.settings.retention())
			.toInstant()
			.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		AuditVerification before = this.verifier.verify(List.of());
		if (!before.intact()) {
			throw new IllegalStateException("The audit log does not verify (" + before
					+ "); nothing was pruned. Find out what happened first.");
		}
		return this.transactions.execute(status -> {
			this.owner.queryForObject("select pg_advisory_xact_lock(?)", Object.class, AuditSealer.LOCK);
			long current = this.owner.queryForObject("select coalesce(max(anchor_seq), 0) from audit_prune", Long.class);
			Long firstKept = this.owner.queryForObject("""
					select min(c.seq) from audit_chain c join audit_event e on e.id = c.event_id
					where e.occurred_at >= ?
					""", Long.class, Timestamp.from(olderThan));
			Long anchor = this.owner.queryForObject("""
					select max(seq) from audit_checkpoint where seq > ? and seq < coalesce(?, 9223372036854775807)
					""", Long.class, current, firstKept);
			if (anchor == null) {
				return new Pruned(current, 0, olderThan);
			}
			this.owner.execute("set local tiaki.audit_prune = 'on'");
			long events = this.owner.update("""
					with sealed as (delete from audit_chain where seq <= ? returning event_id)
					delete from audit_event where id in (select event_id from sealed)
					""", anchor);
			this.owner.update("delete from audit_checkpoint where seq < ?", anchor);
			Instant now = this.clock.instant();
			byte[] signature = this.signer.signStatement(statement(anchor, olderThan, events, operator)
				.getBytes(StandardCharsets.UTF_8));
			this.owner.update("""
					insert into audit_prune (anchor_seq, older_than, pruned_at, events, pruned_by, key_id, signature)
					values (?, ?, ?, ?, ?, ?, ?)
					""", anchor, Timestamp.from(olderThan), Timestamp.from(now), events, operator, this.signer.keyId(),
					Base64.getEncoder().encodeToString(signature));
			return new Pruned(anchor, events, olderThan);
		});
	}

}
