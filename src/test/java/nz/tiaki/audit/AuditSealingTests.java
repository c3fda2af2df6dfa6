package nz.tiaki.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import nz.tiaki.support.PortalTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sealer chains every event, including one whose transaction was still running while
 * events with higher ids, any number of them, were committed and sealed: the sealer's
 * settled id does not pass an open transaction, and the scheduled rounds find the event
 * within seconds of its commit, long before verification would call an unchained event
 * tampering; a round that cannot take the sealer's lock (another node is sealing) says so,
 * and a look-back counts as done only when it ran (HIPAA 164.312(b); ASVS 5.0 V16.4).
 */
class AuditSealingTests extends PortalTest {

	@Autowired
	private AuditTrail audit;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private AuditSealer sealer;

	@Test
	void anEventCommittedAfterHigherOnesWereSealedIsChainedByTheScheduledRounds() throws SQLException {
		long late;
		try (Connection slow = this.dataSource.getConnection()) {
			slow.setAutoCommit(false);
			late = insertEvent(slow);
			for (int i = 0; i < 3; i++) {
				this.audit.record(SecurityEventType.SIGN_IN_FAILED, null, "late-test-" + i, null);
			}
			long higher = this.jdbc.sql("select max(id) from audit_event").query(Long.class).single();
			assertThat(higher).isGreaterThan(late);
			await("the events after it to be chained").atMost(Duration.ofSeconds(10))
				.until(() -> chained(higher));
			assertThat(chained(late)).as("not committed yet, so not chainable").isFalse();
			slow.commit();
		}

		await("the scheduled rounds to look back and chain the late event")
			.atMost(Duration.ofSeconds(3 * AuditSealer.LOOK_BACK_SECONDS))
			.until(() -> chained(late));
		this.audit.sealNow();
		assertThat(this.audit.verify(List.of()).intact()).isTrue();
	}

	@Test
	void anEventWhoseTransactionOutlastsManyLaterEventsIsChainedWhenItCommits() throws SQLException {
		long late;
		try (Connection slow = this.dataSource.getConnection()) {
			slow.setAutoCommit(false);
			late = insertEvent(slow);
			// more events than a look-back over the last 20,000 ids would reach back past
			this.jdbc.sql("""
					insert into audit_event (occurred_at, category, event_type, subject_ref, detail)
					select now(), 'SECURITY', 'SIGN_IN_FAILED', 'after-late-' || n, 'late-test'
					from generate_series(1, 21000) n
					""").update();
			long higher = this.jdbc.sql("select max(id) from audit_event").query(Long.class).single();
			await("the events after it to be chained").atMost(Duration.ofSeconds(30))
				.until(() -> chained(higher));
			// two scheduled look-backs after that: the first notes a moment past the late
			// event's id, the second finds the late event's transaction began before it (and a
			// look-back over a window of ids below the highest chained would have left it behind)
			long lookBacks = this.sealer.scheduledLookBacks();
			await("two scheduled look-backs").atMost(Duration.ofSeconds(4 * AuditSealer.LOOK_BACK_SECONDS))
				.until(() -> this.sealer.scheduledLookBacks() >= lookBacks + 2);
			assertThat(this.sealer.settled()).as("held below the open transaction's event").isLessThan(late);
			assertThat(chained(late)).isFalse();
			slow.commit();
		}

		await("the scheduled rounds to look back and chain the late event")
			.atMost(Duration.ofSeconds(3 * AuditSealer.LOOK_BACK_SECONDS))
			.until(() -> chained(late));
		await("the settled id to move past it once nothing older is running")
			.atMost(Duration.ofSeconds(6 * AuditSealer.LOOK_BACK_SECONDS))
			.until(() -> this.sealer.settled() >= late);
		this.audit.sealNow();
		assertThat(this.audit.verify(List.of()).intact()).isTrue();
	}

	@Test
	void aRoundThatCannotTakeTheSealersLockSaysSoAndSealsNothing() throws SQLException {
		try (Connection other = this.dataSource.getConnection();
				java.sql.Statement statement = other.createStatement()) {
			statement.execute("select pg_advisory_lock(" + AuditSealer.LOCK + ")");
			try {
				this.audit.record(SecurityEventType.SIGN_IN_FAILED, null, "locked-test", null);
				long added = this.jdbc.sql("select max(id) from audit_event").query(Long.class).single();
				assertThat(this.sealer.sealAll(0)).as("a look-back that did not run").isEqualTo(-1);
				assertThat(this.sealer.sealAll(-1)).isEqualTo(-1);
				assertThat(chained(added)).isFalse();
			}
			finally {
				statement.execute("select pg_advisory_unlock(" + AuditSealer.LOCK + ")");
			}
		}
	}

	private long insertEvent(Connection connection) throws SQLException {
		try (PreparedStatement insert = connection.prepareStatement("""
				insert into audit_event (occurred_at, category, event_type, subject_ref, detail)
				values (?, 'SECURITY', 'SIGN_IN_FAILED', ?, 'late-test') returning id
				""")) {
			insert.setTimestamp(1, Timestamp.from(this.clock.instant()));
			insert.setString(2, "late-" + UUID.randomUUID());
			try (ResultSet row = insert.executeQuery()) {
				row.next();
				return row.getLong(1);
			}
		}
	}

	private boolean chained(long eventId) {
		return this.jdbc.sql("select exists (select 1 from audit_chain where event_id = :id)")
			.param("id", eventId)
			.query(Boolean.class)
			.single();
	}

}
