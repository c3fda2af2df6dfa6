package nz.tiaki.audit;

import java.util.UUID;

import nz.tiaki.support.PortalTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An access decision or a security event is durable the moment it is recorded, apart from
 * whatever transaction the code that asked is in: a request that fails after the gate
 * decided, and rolls back everything else it wrote, still leaves its decision in the log
 * (HIPAA 164.312(b); ASVS 5.0 V16.3).
 */
class AuditCommitTests extends PortalTest {

	@Autowired
	private AuditTrail audit;

	@Autowired
	private TransactionTemplate transactions;

	@Test
	void aDecisionStaysWhenTheCallersTransactionRollsBack() {
		String allowed = "rollback-allowed-" + UUID.randomUUID();
		String denied = "rollback-denied-" + UUID.randomUUID();
		assertThatThrownBy(() -> this.transactions.executeWithoutResult(status -> {
			this.audit.recordAccess(access(allowed, true));
			this.audit.recordAccess(access(denied, false));
			throw new IllegalStateException("the request failed after the gate decided");
		})).isInstanceOf(IllegalStateException.class);
		assertThat(events(allowed)).isEqualTo(1);
		assertThat(events(denied)).isEqualTo(1);
	}

	@Test
	void aDecisionIsVisibleToOthersBeforeTheCallerCommits() {
		String marker = "before-commit-" + UUID.randomUUID();
		this.transactions.executeWithoutResult(status -> {
			this.audit.recordAccess(access(marker, true));
			// another transaction, on another connection, sees it while the caller's is still open
			TransactionTemplate other = new TransactionTemplate(this.transactions.getTransactionManager());
			other.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
			Integer seen = other.execute(inner -> events(marker));
			assertThat(seen).isEqualTo(1);
			status.setRollbackOnly();
		});
		assertThat(events(marker)).isEqualTo(1);
	}

	@Test
	void aRuledDecisionStaysWhenTheCallersTransactionRollsBack() {
		String allowed = "ruled-allowed-" + UUID.randomUUID();
		String refused = "ruled-refused-" + UUID.randomUUID();
		Ruling pass = new Ruling("ruling as (select cast(:verdict as int) as refusal)", java.util.Map.of("verdict", 0),
				java.util.List.of("guard-locked"));
		Ruling refuse = new Ruling("ruling as (select cast(:verdict as int) as refusal)", java.util.Map.of("verdict", 1),
				java.util.List.of("guard-locked"));
		assertThatThrownBy(() -> this.transactions.executeWithoutResult(status -> {
			assertThat(this.audit.recordAccess(access(allowed, true), pass)).isZero();
			assertThat(this.audit.recordAccess(access(refused, true), refuse)).isEqualTo(1);
			throw new IllegalStateException("the request failed after the gate decided");
		})).isInstanceOf(IllegalStateException.class);
		assertThat(decision(allowed)).isEqualTo("ALLOW self");
		assertThat(decision(refused)).isEqualTo("DENY guard-locked");
	}

	@Test
	void aRuledDecisionIsRecordedFromAReadOnlyTransaction() {
		String marker = "ruled-read-only-" + UUID.randomUUID();
		TransactionTemplate readOnly = new TransactionTemplate(this.transactions.getTransactionManager());
		readOnly.setReadOnly(true);
		readOnly.executeWithoutResult(status -> this.audit.recordAccess(access(marker, true),
				new Ruling("ruling as (select 0 as refusal)", java.util.Map.of(), java.util.List.of())));
		assertThat(decision(marker)).isEqualTo("ALLOW self");
	}

	@Test
	void aSecurityEventStaysWhenTheCallersTransactionRollsBack() {
		String detail = "rollback-" + UUID.randomUUID();
		this.transactions.executeWithoutResult(status -> {
			this.audit.record(SecurityEventType.SIGN_IN_FAILED, null, "someone", detail);
			status.setRollbackOnly();
		});
		assertThat(this.jdbc.sql("select count(*) from audit_event where detail = :d")
			.param("d", detail)
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	private static AccessRecord access(String objectRef, boolean allowed) {
		return new AccessRecord(UUID.randomUUID(), "PATIENT", UUID.randomUUID(), null, UUID.randomUUID(),
				"READ_SUMMARY", "CARE", allowed, allowed ? "self" : "not-related", objectRef, false);
	}

	private String decision(String objectRef) {
		return this.jdbc.sql("select decision || ' ' || reason from audit_event where object_ref = :ref")
			.param("ref", objectRef)
			.query(String.class)
			.single();
	}

	private int events(String objectRef) {
		return this.jdbc.sql("select count(*) from audit_event where object_ref = :ref")
			.param("ref", objectRef)
			.query(Integer.class)
			.single();
	}

}
