package nz.tiaki.audit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import nz.tiaki.support.PortalTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit log is append-only for the portal and tamper-evident against the database
 * superuser: every edit, deletion, reordering, insertion and truncation is found, at the
 * right position (HIPAA 164.312(b), 164.312(c)(1); ASVS 5.0 V16.4).
 */
class AuditChainTests extends PortalTest {

	@Autowired
	private AuditTrail audit;

	@Autowired
	@Qualifier("ownerDataSource")
	private DataSource owner;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private AuditSealer sealer;

	private Connection superuser;

	private final List<String> restore = new ArrayList<>();

	@BeforeEach
	void someSealedHistory() throws SQLException {
		for (int i = 0; i < 30; i++) {
			this.audit.recordAccess(new AccessRecord(UUID.randomUUID(), "PATIENT", UUID.randomUUID(), null,
					UUID.randomUUID(), "READ_SUMMARY", "CARE", i % 3 != 0, "self", "record-" + i, false));
		}
		this.audit.sealNow();
		this.superuser = this.owner.getConnection();
		try (Statement statement = this.superuser.createStatement()) {
			statement.execute("select pg_advisory_lock(" + AuditSealer.LOCK + ")");
			statement.execute("set session_replication_role = replica");
		}
		assertThat(this.audit.verify(List.of()).intact()).isTrue();
	}

	@AfterEach
	void undoTampering() throws SQLException {
		try (Statement statement = this.superuser.createStatement()) {
			for (String sql : this.restore) {
				statement.execute(sql);
			}
			statement.execute("set session_replication_role = origin");
			statement.execute("select pg_advisory_unlock(" + AuditSealer.LOCK + ")");
		}
		finally {
			this.superuser.close();
		}
		assertThat(this.audit.verify(List.of()).intact()).as("restored after the test").isTrue();
	}

	@Test
	void untouchedLogVerifies() {
		AuditVerification result = this.audit.verify(this.audit.exportCheckpoints());

		assertThat(result.intact()).isTrue();
		assertThat(result.eventsChecked()).isPositive();
		assertThat(result.checkpointsChecked()).isPositive();
	}

	@Test
	void theApplicationRoleCannotChangeOrDeleteAuditRecords() {
		assertThatThrownBy(() -> this.jdbc.sql("update audit_event set reason = 'x' where id = (select max(id) from audit_event)").update())
			.rootCause()
			.hasMessageContaining("permission denied");
		assertThatThrownBy(() -> this.jdbc.sql("delete from audit_event where id = (select max(id) from audit_event)").update())
			.rootCause()
			.hasMessageContaining("permission denied");
		assertThatThrownBy(() -> this.jdbc.sql("truncate audit_chain").update()).rootCause()
			.hasMessageContaining("permission denied");
		assertThatThrownBy(() -> this.jdbc.sql("delete from audit_checkpoint").update())
			.rootCause()
			.hasMessageContaining("permission denied");
	}

	@Test
	void theTriggerRefusesChangesEvenFromTheOwner() throws SQLException {
		try (Connection connection = this.owner.getConnection(); Statement statement = connection.createStatement()) {
			assertThatThrownBy(() -> statement.execute("update audit_event set reason = 'x' where id = (select max(id) from audit_event)"))
				.hasMessageContaining("append-only");
			assertThatThrownBy(() -> statement.execute("delete from audit_chain where seq = (select max(seq) from audit_chain)"))
				.hasMessageContaining("append-only");
		}
	}

	@Test
	void anEditedEventIsFoundAtItsPosition() throws SQLException {
		Sealed target = sealedAt(-10);
		String original = single("select reason from audit_event where id = " + target.eventId());
		execute("update audit_event set reason = 'not-what-happened' where id = " + target.eventId());
		this.restore.add("update audit_event set reason = '" + original + "' where id = " + target.eventId());

		AuditVerification result = this.audit.verify(List.of());

		assertThat(result.intact()).isFalse();
		assertThat(result.firstBadPosition()).isEqualTo(target.seq());
	}

	@Test
	void aDeletedEventIsFound() throws SQLException {
		Sealed target = sealedAt(-5);
		String copy = copyOf(target.eventId());
		execute("delete from audit_event where id = " + target.eventId());
		this.restore.add(copy);

		AuditVerification result = this.audit.verify(List.of());

		assertThat(result.intact()).isFalse();
		assertThat(result.firstBadPosition()).isEqualTo(target.seq());
	}

	@Test
	void aDeletedEventWithItsSealIsFound() throws SQLException {
		Sealed target = sealedAt(-7);
		String copy = copyOf(target.eventId());
		String hash = single("select encode(hash, 'hex') from audit_chain where seq = " + target.seq());
		execute("delete from audit_chain where seq = " + target.seq());
		execute("delete from audit_event where id = " + target.eventId());
		this.restore.add(copy);
		this.restore.add("insert into audit_chain (seq, event_id, hash) values (" + target.seq() + ", "
				+ target.eventId() + ", decode('" + hash + "', 'hex'))");

		AuditVerification result = this.audit.verify(List.of());

		assertThat(result.intact()).isFalse();
		assertThat(result.firstBadPosition()).isEqualTo(target.seq());
	}

	@Test
	void reorderedEventsAreFound() throws SQLException {
		Sealed first = sealedAt(-12);
		Sealed second = sealedAt(-11);
		execute("update audit_chain set event_id = -1 where seq = " + first.seq());
		execute("update audit_chain set event_id = " + first.eventId() + " where seq = " + second.seq());
		execute("update audit_chain set event_id = " + second.eventId() + " where seq = " + first.seq());
		this.restore.add("update audit_chain set event_id = -1 where seq = " + second.seq());
		this.restore.add("update audit_chain set event_id = " + first.eventId() + " where seq = " + first.seq());
		this.restore.add("update audit_chain set event_id = " + second.eventId() + " where seq = " + second.seq());

		AuditVerification result = this.audit.verify(List.of());

		assertThat(result.intact()).isFalse();
		assertThat(result.firstBadPosition()).isEqualTo(first.seq());
	}

	@Test
	void anInsertedEventIsFound() throws SQLException {
		String id = single("""
				insert into audit_event (occurred_at, category, event_type, decision, patient_id, action, reason)
				values (now() - interval '1 hour', 'ACCESS', 'ACCESS_DECISION', 'ALLOW', gen_random_uuid(), 'READ_DOCUMENT', 'self')
				returning id""");
		this.restore.add("delete from audit_event where id = " + id);

		AuditVerification result = this.audit.verify(List.of());

		assertThat(result.intact()).isFalse();
		assertThat(result.problem()).contains("event " + id).contains("not in the chain");
	}

	@Test
	void anEventSlippedInBelowTheSettledIdIsNeitherChainedByTheSealerNorMissedByVerification() throws SQLException {
		execute("select pg_advisory_unlock(" + AuditSealer.LOCK + ")");
		long gap;
		try {
			// an id handed out and never used (its insert rolled back), then settled
			try (Connection app = this.dataSource.getConnection(); Statement statement = app.createStatement()) {
				app.setAutoCommit(false);
				try (ResultSet row = statement.executeQuery("""
						insert into audit_event (occurred_at, category, event_type, subject_ref)
						values (now(), 'SECURITY', 'SIGN_IN_FAILED', 'rolled-back') returning id""")) {
					row.next();
					gap = row.getLong(1);
				}
				app.rollback();
			}
			this.audit.recordAccess(new AccessRecord(UUID.randomUUID(), "PATIENT", UUID.randomUUID(), null,
					UUID.randomUUID(), "READ_SUMMARY", "CARE", true, "self", "after-the-gap", false));
			await("the id to be settled").atMost(Duration.ofSeconds(6 * AuditSealer.LOOK_BACK_SECONDS))
				.until(() -> this.sealer.settled() >= gap);

			// the superuser slips an event into the gap, dated an hour ago
			execute("insert into audit_event (id, occurred_at, category, event_type, decision, patient_id, action, reason) "
					+ "overriding system value values (" + gap + ", now() - interval '1 hour', 'ACCESS', "
					+ "'ACCESS_DECISION', 'ALLOW', gen_random_uuid(), 'READ_DOCUMENT', 'self')");
			this.restore.add("delete from audit_event where id = " + gap);
			long lookBacks = this.sealer.scheduledLookBacks();
			this.audit.sealNow();
			await("the scheduled rounds to look back again").atMost(Duration.ofSeconds(4 * AuditSealer.LOOK_BACK_SECONDS))
				.until(() -> this.sealer.scheduledLookBacks() >= lookBacks + 2);
		}
		finally {
			execute("select pg_advisory_lock(" + AuditSealer.LOCK + ")");
		}

		assertThat(single("select count(*) from audit_chain where event_id = " + gap))
			.as("the sealer looks back only above the settled id, so it does not launder the insertion")
			.isEqualTo("0");
		AuditVerification result = this.audit.verify(List.of());
		assertThat(result.intact()).isFalse();
		assertThat(result.problem()).contains("event " + gap).contains("not in the chain");
	}

	@Test
	void aTruncatedTailIsFoundFromTheSignedCheckpoint() throws SQLException {
		List<ExportedCheckpoint> exported = this.audit.exportCheckpoints();
		long tip = Long.parseLong(single("select max(seq) from audit_chain"));
		List<String> copies = new ArrayList<>();
		try (Statement statement = this.superuser.createStatement();
				ResultSet rows = statement.executeQuery(
						"select seq, event_id, encode(hash, 'hex') from audit_chain where seq > " + (tip - 5))) {
			while (rows.next()) {
				copies.add(copyOf(rows.getLong(2)));
				copies.add("insert into audit_chain (seq, event_id, hash) values (" + rows.getLong(1) + ", "
						+ rows.getLong(2) + ", decode('" + rows.getString(3) + "', 'hex'))");
			}
		}
		execute("delete from audit_chain where seq > " + (tip - 5));
		execute("delete from audit_event where id in (select e.id from audit_event e where not exists "
				+ "(select 1 from audit_chain c where c.event_id = e.id) and e.id > (select max(event_id) from audit_chain))");
		this.restore.addAll(copies);

		AuditVerification fromStored = this.audit.verify(List.of());
		execute("delete from audit_checkpoint where seq > " + (tip - 5));
		this.restore.addAll(exported.stream()
			.filter(c -> c.seq() > tip - 5)
			.map(c -> "insert into audit_checkpoint (seq, hash, signed_at, key_id, signature) values (" + c.seq()
					+ ", decode('" + c.hash() + "', 'hex'), now(), '" + c.keyId() + "', decode('" + c.signature()
					+ "', 'hex'))")
			.toList());
		AuditVerification fromExported = this.audit.verify(exported);

		assertThat(fromStored.intact()).isFalse();
		assertThat(fromStored.problem()).contains("removed from the end");
		assertThat(fromExported.intact()).as("the stored checkpoints were removed too; the export still shows it")
			.isFalse();
		assertThat(fromExported.problem()).contains("exported checkpoint");
	}

	@Test
	void aForgedCheckpointSignatureIsFound() throws SQLException {
		String seq = single("select max(seq) from audit_checkpoint");
		String signature = single("select encode(signature, 'hex') from audit_checkpoint where seq = " + seq);
		execute("update audit_checkpoint set signature = decode(repeat('ab', 64), 'hex') where seq = " + seq);
		this.restore.add("update audit_checkpoint set signature = decode('" + signature + "', 'hex') where seq = " + seq);

		AuditVerification result = this.audit.verify(List.of());

		assertThat(result.intact()).isFalse();
		assertThat(result.problem()).contains("invalid signature");
	}

	@Test
	void everyColumnOfAnEventIsCovered() throws SQLException {
		Sealed target = sealedAt(-3);
		String[] columns = { "occurred_at", "category", "event_type", "account_id", "actor_kind", "actor_id",
				"patient_id", "action", "purpose", "decision", "reason", "object_ref", "break_glass", "session_ref",
				"source_address", "user_agent", "detail", "on_behalf_of", "subject_ref" };
		String[] values = { "occurred_at + interval '1 microsecond'", "'SECURITY'", "'OTHER'",
				"gen_random_uuid()", "'STAFF'", "gen_random_uuid()", "gen_random_uuid()", "'PUBLISH'", "'OTHER'",
				"case when decision = 'ALLOW' then 'DENY' else 'ALLOW' end", "'changed'", "'other-object'",
				"not break_glass", "'forged'", "'10.0.0.1'", "'forged-agent'", "'forged'", "gen_random_uuid()",
				"'forged'" };
		String copy = copyOf(target.eventId());
		for (int i = 0; i < columns.length; i++) {
			execute("update audit_event set " + columns[i] + " = " + values[i] + " where id = " + target.eventId());

			AuditVerification result = this.audit.verify(List.of());

			assertThat(result.intact()).as(columns[i]).isFalse();
			assertThat(result.firstBadPosition()).as(columns[i]).isEqualTo(target.seq());
			execute("delete from audit_event where id = " + target.eventId());
			execute(copy);
		}
	}

	private record Sealed(long seq, long eventId) {
	}

	private Sealed sealedAt(int fromTip) throws SQLException {
		try (Statement statement = this.superuser.createStatement();
				ResultSet row = statement.executeQuery("select seq, event_id from audit_chain order by seq desc offset "
						+ (-fromTip) + " limit 1")) {
			row.next();
			return new Sealed(row.getLong(1), row.getLong(2));
		}
	}

	private String copyOf(long eventId) throws SQLException {
		return single("""
				select format('insert into audit_event overriding system value select * from json_populate_record(null::audit_event, %L)',
				  row_to_json(e)) from audit_event e where id = """ + eventId);
	}

	private String single(String sql) throws SQLException {
		try (Statement statement = this.superuser.createStatement(); ResultSet row = statement.executeQuery(sql)) {
			row.next();
			return row.getString(1);
		}
	}

	private void execute(String sql) throws SQLException {
		try (Statement statement = this.superuser.createStatement()) {
			statement.execute(sql);
		}
	}

}
