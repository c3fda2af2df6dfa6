package nz.tiaki.audit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import javax.sql.DataSource;

import nz.tiaki.support.PortalTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand random tamperings by the database superuser — an edited column of any event,
 * a deleted event, a deleted event with its seal, two events swapped, a changed seal, a
 * forged event, a truncated tail — each one found by verifying from the last signed
 * checkpoint, and the log verifies again once each is undone (HIPAA 164.312(c)(1)
 * integrity; ASVS 5.0 V16.4.2). The seed is printed, so a failure can be replayed.
 */
class AuditTamperingBatteryTests extends PortalTest {

	private static final int TAMPERINGS = 1000;

	private static final int EVENTS = 200;

	/** For each column, an expression that always gives a different value. */
	private static final Map<String, String> CHANGES = new LinkedHashMap<>();

	static {
		CHANGES.put("occurred_at", "occurred_at + interval '1 millisecond'");
		CHANGES.put("category", "case category when 'ACCESS' then 'SECURITY' else 'ACCESS' end");
		CHANGES.put("event_type", "event_type || 'x'");
		CHANGES.put("account_id", "gen_random_uuid()");
		CHANGES.put("actor_kind", "coalesce(actor_kind, '') || 'x'");
		CHANGES.put("actor_id", "gen_random_uuid()");
		CHANGES.put("on_behalf_of", "gen_random_uuid()");
		CHANGES.put("patient_id", "gen_random_uuid()");
		CHANGES.put("action", "coalesce(action, '') || 'x'");
		CHANGES.put("purpose", "coalesce(purpose, '') || 'x'");
		CHANGES.put("decision", "case decision when 'ALLOW' then 'DENY' else 'ALLOW' end");
		CHANGES.put("reason", "coalesce(reason, '') || 'x'");
		CHANGES.put("object_ref", "coalesce(object_ref, '') || 'x'");
		CHANGES.put("break_glass", "not break_glass");
		CHANGES.put("subject_ref", "coalesce(subject_ref, '') || 'x'");
		CHANGES.put("session_ref", "coalesce(session_ref, '') || 'x'");
		CHANGES.put("source_address", "coalesce(source_address, '') || 'x'");
		CHANGES.put("user_agent", "coalesce(user_agent, '') || 'x'");
		CHANGES.put("detail", "coalesce(detail, '') || 'x'");
	}

	@Autowired
	private AuditTrail audit;

	@Autowired
	@Qualifier("ownerDataSource")
	private DataSource owner;

	@Test
	void everyRandomTamperingIsFound() throws SQLException {
		this.audit.sealNow();
		long anchor = this.audit.latestCheckpoint();
		for (int i = 0; i < EVENTS; i++) {
			boolean access = i % 4 != 0;
			if (access) {
				this.audit.recordAccess(new AccessRecord(UUID.randomUUID(), "PATIENT", UUID.randomUUID(),
						i % 5 == 0 ? UUID.randomUUID() : null, UUID.randomUUID(), "READ_SUMMARY", "CARE", i % 3 != 0,
						"self", "record-" + i, i % 7 == 0));
			}
			else {
				this.audit.record(SecurityEventType.SIGN_IN_FAILED, UUID.randomUUID(), "subject-" + i, "detail-" + i);
			}
		}
		this.audit.sealNow();
		assertThat(this.audit.verifySince(anchor).intact()).isTrue();

		long seed = System.nanoTime();
		Random random = new Random(seed);
		Map<String, Integer> found = new LinkedHashMap<>();
		List<String> missed = new ArrayList<>();
		try (Connection superuser = this.owner.getConnection(); Statement sql = superuser.createStatement()) {
			sql.execute("select pg_advisory_lock(" + AuditSealer.LOCK + ")");
			sql.execute("set session_replication_role = replica");
			long first = anchor + 1;
			long last = single(sql, "select max(seq) from audit_chain");
			try {
				sql.execute("create temp table event_copy as select e.* from audit_event e join audit_chain c "
						+ "on c.event_id = e.id where c.seq between " + first + " and " + last);
				sql.execute("create temp table chain_copy as select * from audit_chain where seq between " + first
						+ " and " + last);
				for (int i = 0; i < TAMPERINGS; i++) {
					String kind = tamper(sql, random, first, last);
					boolean detected = !this.audit.verifySince(anchor).intact();
					found.merge(kind, detected ? 1 : 0, Integer::sum);
					if (!detected) {
						missed.add(kind + " (tampering " + i + ", seed " + seed + ")");
					}
					restore(sql, first, last);
				}
			}
			finally {
				restore(sql, first, last);
				sql.execute("set session_replication_role = origin");
				sql.execute("select pg_advisory_unlock(" + AuditSealer.LOCK + ")");
			}
		}
		assertThat(missed).as("tamperings not found, seed %d", seed).isEmpty();
		assertThat(found).as("every kind was tried").hasSize(7);
		assertThat(this.audit.verifySince(anchor).intact()).as("intact again once undone").isTrue();
	}

	private String tamper(Statement sql, Random random, long first, long last) throws SQLException {
		long seq = first + random.nextInt((int) (last - first + 1));
		long event = single(sql, "select event_id from audit_chain where seq = " + seq);
		switch (random.nextInt(7)) {
			case 0 -> {
				List<String> columns = new ArrayList<>(CHANGES.keySet());
				String column = columns.get(random.nextInt(columns.size()));
				sql.execute("update audit_event set " + column + " = " + CHANGES.get(column) + " where id = " + event);
				return "edited column";
			}
			case 1 -> {
				sql.execute("delete from audit_event where id = " + event);
				return "deleted event";
			}
			case 2 -> {
				sql.execute("delete from audit_chain where seq = " + seq);
				sql.execute("delete from audit_event where id = " + event);
				return "deleted event and seal";
			}
			case 3 -> {
				long other = seq == last ? seq - 1 : seq + 1;
				long otherEvent = single(sql, "select event_id from audit_chain where seq = " + other);
				sql.execute("update audit_chain set event_id = -1 where seq = " + seq);
				sql.execute("update audit_chain set event_id = " + event + " where seq = " + other);
				sql.execute("update audit_chain set event_id = " + otherEvent + " where seq = " + seq);
				return "swapped events";
			}
			case 4 -> {
				sql.execute("update audit_chain set hash = sha256(hash) where seq = " + seq);
				return "changed seal";
			}
			case 5 -> {
				sql.execute("insert into audit_event (occurred_at, category, event_type, detail) "
						+ "values (now() - interval '1 day', 'SECURITY', 'SIGN_IN_FAILED', 'forged')");
				return "forged event";
			}
			default -> {
				sql.execute("delete from audit_chain where seq >= " + seq);
				sql.execute("delete from audit_event where id in (select event_id from chain_copy where seq >= " + seq
						+ ")");
				return "truncated tail";
			}
		}
	}

	private static void restore(Statement sql, long first, long last) throws SQLException {
		sql.execute("delete from audit_chain where seq between " + first + " and " + last);
		sql.execute("delete from audit_event where id in (select id from event_copy) or detail = 'forged'");
		sql.execute("insert into audit_event overriding system value select * from event_copy");
		sql.execute("insert into audit_chain select * from chain_copy");
	}

	private static long single(Statement sql, String query) throws SQLException {
		try (ResultSet row = sql.executeQuery(query)) {
			row.next();
			return row.getLong(1);
		}
	}

}
