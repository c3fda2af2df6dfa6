package nz.tiaki.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import nz.tiaki.support.PortalTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit log is kept for the legally required period (ten years unless configured) and
 * then pruned: only events past it, only once the whole log verifies, up to a signed
 * checkpoint that verification then starts from; a forged prune record is found (HIPAA
 * 164.316(b)(2)(i) retention; HIPC 2020 rule 9; ASVS 5.0 V16.4).
 */
class AuditRetentionTests extends PortalTest {

	private static final Duration TEN_YEARS_AND_A_DAY = Duration.ofDays(3653 + 1);

	@Autowired
	private AuditTrail audit;

	@Autowired
	@Qualifier("ownerDataSource")
	private DataSource owner;

	private void events(String marker, int count) {
		for (int i = 0; i < count; i++) {
			this.audit.record(SecurityEventType.SIGN_IN_FAILED, UUID.randomUUID(), marker + "-" + i, null);
		}
		this.audit.sealNow();
	}

	private int count(String marker) {
		return this.jdbc.sql("select count(*) from audit_event where subject_ref like :m")
			.param("m", marker + "-%")
			.query(Integer.class)
			.single();
	}

	@Test
	void onlyEventsPastTheRetentionPeriodArePrunedAndTheLogStillVerifies() throws SQLException {
		String old = "old-" + UUID.randomUUID();
		events(old, 20);
		List<ExportedCheckpoint> exported = this.audit.exportCheckpoints();
		assertThat(this.audit.pruneExpired("operator.test")).as("nothing is ten years old yet").isZero();
		assertThat(count(old)).isEqualTo(20);

		// Past the period for these events and for every event already in the log: the prune
		// keeps an unbroken prefix, and other tests (or a job that ran while another test had
		// moved the clock years on) may have stamped events well into the future.
		Instant latest = this.jdbc.sql("select max(occurred_at) from audit_event")
			.query(Timestamp.class)
			.single()
			.toInstant();
		Duration pastEverything = Duration.between(this.clock.instant(), latest).plus(TEN_YEARS_AND_A_DAY).plusDays(2);
		this.clock.advance(pastEverything.compareTo(Duration.ofDays(12 * 366)) > 0 ? pastEverything
				: Duration.ofDays(12 * 366));
		String recent = "recent-" + UUID.randomUUID();
		events(recent, 5);
		assertThat(this.audit.pruneExpired("operator.test")).isPositive();
		assertThat(count(old)).as("past the period").isZero();
		assertThat(count(recent)).as("within the period").isEqualTo(5);

		AuditVerification after = this.audit.verify(exported);
		assertThat(after.intact()).as(after.toString()).isTrue();
		assertThat(this.jdbc.sql("select count(*) from audit_event where event_type = 'AUDIT_PRUNED'")
			.query(Integer.class)
			.single()).as("the prune is itself recorded").isPositive();

		try (Connection connection = this.owner.getConnection(); Statement sql = connection.createStatement()) {
			assertThatThrownBy(() -> sql.execute("delete from audit_event where subject_ref like '" + recent + "-%'"))
				.as("without the deliberate setting even the owner cannot delete").hasMessageContaining("append-only");
		}
	}

	@Test
	void aForgedPruneRecordIsFoundAndATamperedLogIsNotPruned() throws SQLException {
		String marker = "forged-" + UUID.randomUUID();
		events(marker, 10);
		long checkpoint = this.audit.latestCheckpoint();
		try (Connection superuser = this.owner.getConnection(); Statement sql = superuser.createStatement()) {
			sql.execute("set session_replication_role = replica");
			sql.execute("insert into audit_prune values (" + checkpoint + ", now(), now(), 10, 'intruder', '1', 'AAAA')");
			try {
				AuditVerification result = this.audit.verify(List.of());
				assertThat(result.intact()).isFalse();
				assertThat(result.problem()).contains("not signed by this portal");
			}
			finally {
				sql.execute("delete from audit_prune where pruned_by = 'intruder'");
			}

			String original = this.jdbc.sql("select detail from audit_event where subject_ref = :s")
				.param("s", marker + "-3")
				.query(String.class)
				.optional()
				.orElse(null);
			sql.execute("update audit_event set detail = 'rewritten' where subject_ref = '" + marker + "-3'");
			try {
				this.clock.advance(TEN_YEARS_AND_A_DAY);
				assertThatThrownBy(() -> this.audit.pruneExpired("operator.test"))
					.isInstanceOf(IllegalStateException.class)
					.hasMessageContaining("nothing was pruned");
				assertThat(count(marker)).as("the evidence stays").isEqualTo(10);
			}
			finally {
				sql.execute("update audit_event set detail = " + (original == null ? "null" : "'" + original + "'")
						+ " where subject_ref = '" + marker + "-3'");
				sql.execute("set session_replication_role = origin");
			}
		}
		assertThat(this.audit.verify(List.of()).intact()).isTrue();
	}

}
