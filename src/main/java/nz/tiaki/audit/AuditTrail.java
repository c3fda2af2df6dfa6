package nz.tiaki.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import nz.tiaki.shared.database.NamedStatement;
import nz.tiaki.shared.database.Typed;
import nz.tiaki.shared.web.RequestOrigin;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tamper-evident log of security events and access decisions. Every event is committed
 * in a transaction of its own, so it is durable before the caller answers and survives the
 * caller's rollback (a refusal is as much a fact as a success); the sealer links it into the
 * hash chain moments later.
 * Nobody can change or delete an event through the portal.
 */
@Service
public class AuditTrail {

	private static final String ACCESS_COLUMNS = "occurred_at, account_id, actor_kind, actor_id, on_behalf_of, "
			+ "patient_id, action, purpose, decision, reason, object_ref, break_glass, session_ref, source_address";

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	private final Clock clock;

	/** Counts decisions by action and outcome only: never who, whose or which object. */
	private final io.micrometer.core.instrument.MeterRegistry meters;

	private final AuditSealer sealer;

	private final AuditVerifier verifier;

	private final CheckpointSigner signer;

	private final AuditPruner pruner;

	/** Runs work with the caller's transaction, if any, set aside. */
	private final TransactionTemplate apart;

	/** Ruled statements by shape; a handful of shapes exist, one per kind of ruling and presumption. */
	private final Cache<Shape, NamedStatement> shapes = Caffeine.newBuilder().maximumSize(64).build();

	AuditTrail(JdbcClient jdbc, JdbcTemplate template, Clock clock, AuditSealer sealer, AuditVerifier verifier,
			CheckpointSigner signer, AuditPruner pruner,
			org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters,
			PlatformTransactionManager transactions) {
		this.apart = new TransactionTemplate(transactions);
		this.apart.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
		this.meters = meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new);
		this.signer = signer;
		this.pruner = pruner;
		this.jdbc = jdbc;
		this.template = template;
		this.clock = clock;
		this.sealer = sealer;
		this.verifier = verifier;
	}

	/**
	 * Records a security event concerning an account, taking address, device and session
	 * from the current request.
	 * @param type what happened
	 * @param accountId the account, or {@code null} when none is known
	 * @param detail a short machine-readable detail without personal data, or {@code null}
	 */
	public void record(SecurityEventType type, UUID accountId, String detail) {
		record(type, accountId, null, detail);
	}

	/**
	 * Records a security event, taking address, device and session from the current
	 * request, committed at once (auto-commit, apart from the caller's transaction).
	 * @param type what happened
	 * @param accountId the account, or {@code null}
	 * @param subjectRef an opaque reference to what was typed when no account is known
	 * @param detail a short machine-readable detail without personal data, or {@code null}
	 */
	public void record(SecurityEventType type, UUID accountId, String subjectRef, String detail) {
		RequestOrigin origin = RequestOrigin.current();
		apart(() -> this.jdbc.sql("""
				insert into audit_event (occurred_at, category, event_type, account_id, subject_ref, session_ref,
				  source_address, user_agent, detail)
				values (:at, 'SECURITY', :type, :account, :subject, :session, :address, :agent, :detail)
				""")
			.param("at", Timestamp.from(Instant.now(this.clock)))
			.param("type", type.name())
			.param("account", accountId)
			.param("subject", subjectRef)
			.param("session", origin.sessionRef())
			.param("address", origin.address())
			.param("agent", origin.userAgent())
			.param("detail", detail)
			.update());
	}

	/** The columns an access decision fills. */
	private static final String ACCESS_INSERT = """
			insert into audit_event (occurred_at, category, event_type, account_id, actor_kind, actor_id,
			  on_behalf_of, patient_id, action, purpose, decision, reason, object_ref, break_glass, session_ref,
			  source_address, user_agent)
			""";

	/**
	 * Records an access decision, allowed or denied, with the current request's origin, and
	 * commits it at once, whatever becomes of the caller's transaction: the caller's
	 * transaction is set aside and the single insert runs on a connection of its own in
	 * auto-commit, so the event is durable in one round trip to the database (a transaction
	 * of its own would take two: the insert, then the commit).
	 * @param access the decision
	 */
	public void recordAccess(AccessRecord access) {
		java.util.Map<String, Object> params = accessParams(access);
		params.put("access_decision", access.allowed() ? "ALLOW" : "DENY");
		apart(() -> this.jdbc.sql(ACCESS_INSERT + "values (" + accessValues("cast(:access_decision as text)",
				"cast(:access_reason as text)") + ")")
			.params(params)
			.update());
		counted(access);
	}

	/**
	 * Runs a single auto-committed statement apart from the caller's transaction: at once
	 * when the caller is in none (no transaction, no transaction synchronization: the
	 * statement takes a connection of its own from the pool, as it would with the caller's
	 * set aside), else with the caller's transaction set aside. Every event and decision is
	 * written through here; those on a download's path are recorded outside any
	 * transaction, and this spares them the transaction interceptor's work for a
	 * transaction that is never begun.
	 */
	private <T> T apart(java.util.function.Supplier<T> statement) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()
				&& !TransactionSynchronizationManager.isActualTransactionActive()) {
			return statement.get();
		}
		return this.apart.execute(status -> statement.get());
	}

	/**
	 * Records an access decision the gate allowed, unless a ruling settled in the same
	 * statement refuses it; committed at once, like {@link #recordAccess(AccessRecord)}, and
	 * together with whatever the ruling wrote (a budget's charge, say): both or neither. A
	 * refusal is recorded as the decision was made (who, whose, what, the purpose) with the
	 * ruling's reason.
	 * @param allowed the decision, allowed
	 * @param ruling the condition
	 * @return 0 when the decision stands, or k when the k-th of the ruling's refusals refused
	 * it
	 */
	public int recordAccess(AccessRecord allowed, Ruling ruling) {
		java.util.Map<String, Object> params = ruledParams(allowed, ruling);
		NamedStatement statement = shaped(ruling, null);
		return counted(allowed, ruling,
				apart(() -> single(statement.query(this.template, params, (rs, n) -> rs.getInt(1)))));
	}

	/** The outcome of a decision recorded with the object it was presumed to be about. */
	public record Ruled<T>(int refusal, T object) {

		@Override
		public String toString() {
			return "Ruled[refusal=" + this.refusal + "]";
		}

	}

	/** The SQLSTATE of a statement that found its object not as presumed (V35). */
	private static final String NOT_AS_PRESUMED = "TK001";

	/**
	 * Records an access decision the gate allowed on what its object is presumed to be, as
	 * {@link #recordAccess(AccessRecord, Ruling)} does, and reads the object in the same
	 * statement. When the object is not as presumed, the statement fails as a whole: nothing
	 * is recorded, nothing the ruling would have written is kept, and the answer is empty.
	 * @param allowed the decision, allowed
	 * @param ruling the condition
	 * @param object the object, as presumed
	 * @return the ruling's answer (as {@link #recordAccess(AccessRecord, Ruling)}'s) and the
	 * object, or empty when the object is not as presumed
	 */
	public <T> java.util.Optional<Ruled<T>> recordAccess(AccessRecord allowed, Ruling ruling, Presumption<T> object) {
		if (object.params().keySet().stream().anyMatch(ruling.params()::containsKey)) {
			throw new IllegalArgumentException("A presumption and a ruling may not share a parameter");
		}
		java.util.Map<String, Object> params = ruledParams(allowed, ruling);
		params.putAll(object.params());
		NamedStatement statement = shaped(ruling, object.query());
		Ruled<T> answer;
		try {
			answer = apart(() -> single(statement.query(this.template, params,
					(rs, n) -> new Ruled<>(rs.getInt("access_refusal"), object.row().mapRow(rs, n)))));
		}
		catch (org.springframework.dao.DataAccessException ex) {
			if (notAsPresumed(ex)) {
				return java.util.Optional.empty();
			}
			throw ex;
		}
		counted(allowed, ruling, answer.refusal());
		return java.util.Optional.of(answer);
	}

	private static boolean notAsPresumed(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && NOT_AS_PRESUMED.equals(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	private static <T> T single(List<T> rows) {
		return org.springframework.dao.support.DataAccessUtils.requiredSingleResult(rows);
	}

	/**
	 * What a ruled statement is made of: the ruling's queries, the presumed object's query
	 * (or none), and how many refusals the ruling names. On a download's path the two texts
	 * are constants, so the statement is found without reading them through.
	 */
	private record Shape(String with, String object, int refusals) {

	}

	private NamedStatement shaped(Ruling ruling, String object) {
		return this.shapes.get(new Shape(ruling.with(), object, ruling.refusals().size()), AuditTrail::composed);
	}

	/**
	 * The statement that settles a ruling and records the decision it rules on: the
	 * ruling's queries, then the object's (when presumed), then the record; it answers the
	 * refusal, or the object's columns and {@code access_refusal}, failing as a whole when
	 * there is no such object.
	 */
	private static NamedStatement composed(Shape shape) {
		StringBuilder reason = new StringBuilder("case r.refusal when 0 then cast(:access_reason as text)");
		for (int k = 1; k <= shape.refusals(); k++) {
			reason.append(" when ").append(k).append(" then cast(:access_refusal_").append(k).append(" as text)");
		}
		reason.append(" end");
		String more = shape.object() == null ? ""
				: "object as (select q.*, true as access_present from (" + shape.object() + ") q), ";
		String answer = shape.object() == null ? "select r.refusal from ruling r"
				: "select o.*, r.refusal as access_refusal from ruling r left join object o on true "
						+ "where case when o.access_present then true else presumption_refused() end";
		return new NamedStatement("with " + shape.with() + ", " + more + "recorded as (" + ACCESS_INSERT + "select "
				+ accessValues("case r.refusal when 0 then 'ALLOW' else 'DENY' end", reason.toString())
				+ " from ruling r) " + answer);
	}

	/** The parameters of a ruled statement: the decision's, the refusals' reasons, the ruling's. */
	private java.util.Map<String, Object> ruledParams(AccessRecord allowed, Ruling ruling) {
		if (!allowed.allowed()) {
			throw new IllegalArgumentException("Only an allowed decision can be ruled on");
		}
		java.util.Map<String, Object> params = accessParams(allowed);
		for (int k = 1; k <= ruling.refusals().size(); k++) {
			params.put("access_refusal_" + k, ruling.refusals().get(k - 1));
		}
		params.putAll(ruling.params());
		return params;
	}

	/** Counts a ruled decision as it was recorded, and answers the ruling's refusal, checked. */
	private int counted(AccessRecord allowed, Ruling ruling, int refusal) {
		if (refusal < 0 || refusal > ruling.refusals().size()) {
			throw new IllegalStateException("A ruling answered a refusal it does not name: " + refusal);
		}
		counted(refusal == 0 ? allowed : new AccessRecord(allowed.accountId(), allowed.actorKind(),
				allowed.actorId(), allowed.onBehalfOf(), allowed.patientId(), allowed.action(), allowed.purpose(), false,
				ruling.refusals().get(refusal - 1), allowed.objectRef(), allowed.breakGlass()));
		return refusal;
	}

	/**
	 * The values of an access decision's columns, every parameter typed (in an
	 * {@code insert ... select} the database cannot take a parameter's type from its column).
	 */
	private static String accessValues(String decision, String reason) {
		return "cast(:access_at as timestamptz), 'ACCESS', 'ACCESS_DECISION', cast(:access_account as uuid), "
				+ "cast(:access_actor_kind as text), cast(:access_actor as uuid), cast(:access_on_behalf_of as uuid), "
				+ "cast(:access_patient as uuid), cast(:access_action as text), cast(:access_purpose as text), "
				+ decision + ", " + reason + ", cast(:access_object as text), cast(:access_break_glass as boolean), "
				+ "cast(:access_session as text), cast(:access_address as text), cast(:access_agent as text)";
	}

	/** An access decision's parameters, but its outcome, with the current request's origin. */
	private java.util.Map<String, Object> accessParams(AccessRecord access) {
		RequestOrigin origin = RequestOrigin.current();
		java.util.Map<String, Object> params = new java.util.HashMap<>(64);
		params.put("access_at", Typed.instant(Instant.now(this.clock)));
		params.put("access_account", Typed.uuid(access.accountId()));
		params.put("access_actor_kind", Typed.text(access.actorKind()));
		params.put("access_actor", Typed.uuid(access.actorId()));
		params.put("access_on_behalf_of", Typed.uuid(access.onBehalfOf()));
		params.put("access_patient", Typed.uuid(access.patientId()));
		params.put("access_action", Typed.text(access.action()));
		params.put("access_purpose", Typed.text(access.purpose()));
		params.put("access_reason", Typed.text(access.reason()));
		params.put("access_object", Typed.text(access.objectRef()));
		params.put("access_break_glass", access.breakGlass());
		params.put("access_session", Typed.text(origin.sessionRef()));
		params.put("access_address", Typed.text(origin.address()));
		params.put("access_agent", Typed.text(origin.userAgent()));
		return params;
	}

	private void counted(AccessRecord access) {
		this.meters
			.counter("tiaki.gate.decisions", "action", access.action(), "decision", access.allowed() ? "allow" : "deny")
			.increment();
	}

	/**
	 * Records many access decisions at once (a list page), with the current request's
	 * origin, committed at once.
	 * @param accesses the decisions
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void recordAccesses(List<AccessRecord> accesses) {
		if (accesses.isEmpty()) {
			return;
		}
		RequestOrigin origin = RequestOrigin.current();
		Timestamp at = Timestamp.from(Instant.now(this.clock));
		List<Object[]> rows = new ArrayList<>(accesses.size());
		for (AccessRecord access : accesses) {
			rows.add(new Object[] { at, access.accountId(), access.actorKind(), access.actorId(), access.onBehalfOf(),
					access.patientId(), access.action(), access.purpose(), access.allowed() ? "ALLOW" : "DENY",
					access.reason(), access.objectRef(), access.breakGlass(), origin.sessionRef(), origin.address(),
					origin.userAgent() });
		}
		this.template.batchUpdate("insert into audit_event (occurred_at, category, event_type, account_id, "
				+ "actor_kind, actor_id, on_behalf_of, patient_id, action, purpose, decision, reason, object_ref, "
				+ "break_glass, session_ref, source_address, user_agent) "
				+ "values (?, 'ACCESS', 'ACCESS_DECISION', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
		accesses.forEach(this::counted);
	}

	/**
	 * @param type a kind of security event
	 * @param address a source address
	 * @param since from when
	 * @return how many such events came from that address since then (for throttling)
	 */
	@Transactional(readOnly = true)
	public int countFrom(SecurityEventType type, String address, Instant since) {
		return this.jdbc.sql("""
				select count(*) from audit_event
				where source_address = :address and event_type = :type and occurred_at >= :since
				""")
			.param("address", address)
			.param("type", type.name())
			.param("since", Timestamp.from(since))
			.query(Integer.class)
			.single();
	}

	/**
	 * @param type a kind of security event
	 * @param accountId an account
	 * @param since from when
	 * @return how many such events of that account since then (for throttling)
	 */
	@Transactional(readOnly = true)
	public int countFor(SecurityEventType type, UUID accountId, Instant since) {
		return this.jdbc.sql("""
				select count(*) from audit_event
				where account_id = :account and event_type = :type and occurred_at >= :since
				""")
			.param("account", accountId)
			.param("type", type.name())
			.param("since", Timestamp.from(since))
			.query(Integer.class)
			.single();
	}

	/**
	 * @param accountId an account
	 * @param limit how many at most
	 * @return the account's most recent security events, newest first
	 */
	@Transactional(readOnly = true)
	public List<SecurityEvent> recentFor(UUID accountId, int limit) {
		return this.jdbc.sql("""
				select occurred_at, event_type, account_id, subject_ref, session_ref, source_address, user_agent, detail
				from audit_event where category = 'SECURITY' and account_id = :account order by id desc limit :limit
				""")
			.param("account", accountId)
			.param("limit", limit)
			.query((rs, row) -> new SecurityEvent(rs.getTimestamp(1).toInstant(),
					SecurityEventType.valueOf(rs.getString(2)), rs.getObject(3, UUID.class), rs.getString(4),
					rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)))
			.list();
	}

	/**
	 * Everything that touched one patient's data in a period, newest first: for the
	 * patient's own "who has seen my record" page.
	 * @param patientId the patient
	 * @param from start of the period, inclusive
	 * @param to end of the period, exclusive
	 * @param limit how many at most
	 * @return the accesses
	 */
	@Transactional(readOnly = true)
	public List<AccessEntry> touching(UUID patientId, Instant from, Instant to, int limit) {
		return this.jdbc.sql("select " + ACCESS_COLUMNS + """
				 from audit_event where patient_id = :patient and occurred_at >= :from and occurred_at < :to
				 and category = 'ACCESS' order by occurred_at desc, id desc limit :limit
				""")
			.param("patient", patientId)
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.param("limit", limit)
			.query(AuditTrail::access)
			.list();
	}

	/**
	 * Everything one account did in a period, for breach scoping.
	 * @param accountId the account
	 * @param from start, inclusive
	 * @param to end, exclusive
	 * @return its access decisions, oldest first
	 */
	@Transactional(readOnly = true)
	public List<AccessEntry> byAccount(UUID accountId, Instant from, Instant to) {
		return slice("account_id", accountId, from, to);
	}

	/**
	 * Everything one session did in a period, for breach scoping.
	 * @param sessionRef the session's opaque reference
	 * @param from start, inclusive
	 * @param to end, exclusive
	 * @return its access decisions, oldest first
	 */
	@Transactional(readOnly = true)
	public List<AccessEntry> bySession(String sessionRef, Instant from, Instant to) {
		return slice("session_ref", sessionRef, from, to);
	}

	/**
	 * Everything from one source address in a period, for breach scoping.
	 * @param address the address
	 * @param from start, inclusive
	 * @param to end, exclusive
	 * @return its access decisions, oldest first
	 */
	@Transactional(readOnly = true)
	public List<AccessEntry> byAddress(String address, Instant from, Instant to) {
		return slice("source_address", address, from, to);
	}

	private List<AccessEntry> slice(String column, Object value, Instant from, Instant to) {
		return this.jdbc.sql("select " + ACCESS_COLUMNS + " from audit_event where " + column
				+ " = :value and occurred_at >= :from and occurred_at < :to and category = 'ACCESS' order by occurred_at, id")
			.param("value", value)
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.query(AuditTrail::access)
			.list();
	}

	private static AccessEntry access(ResultSet rs, int row) throws SQLException {
		return new AccessEntry(rs.getTimestamp(1).toInstant(), rs.getObject(2, UUID.class), rs.getString(3),
				rs.getObject(4, UUID.class), rs.getObject(5, UUID.class), rs.getObject(6, UUID.class), rs.getString(7),
				rs.getString(8), "ALLOW".equals(rs.getString(9)), rs.getString(10), rs.getString(11),
				rs.getBoolean(12), rs.getString(13), rs.getString(14));
	}

	/**
	 * Links every committed event into the chain now and signs a checkpoint at its tip. Runs
	 * outside any transaction of the caller's, so the sealer sees what is running now.
	 */
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	public void sealNow() {
		this.sealer.sealAll();
		this.sealer.checkpointNow();
	}

	/**
	 * Recomputes the chain and checks every checkpoint.
	 * @param exported checkpoints exported earlier, to compare as well (may be empty)
	 * @return what was found
	 */
	public AuditVerification verify(List<ExportedCheckpoint> exported) {
		return this.verifier.verify(exported);
	}

	/**
	 * Verifies only what was sealed after a signed checkpoint, starting from the
	 * checkpoint's hash once its signature is checked: a quick check of recent history.
	 * @param checkpoint the position of a stored checkpoint
	 * @return what was found
	 * @throws IllegalArgumentException when no checkpoint is stored there
	 */
	public AuditVerification verifySince(long checkpoint) {
		return this.verifier.verifySince(checkpoint);
	}

	/**
	 * Prunes the events older than the retention period (default ten years), up to the last
	 * signed checkpoint before them, once the whole log verifies. Recorded, and signed.
	 * @param operator who prunes
	 * @return how many events were pruned
	 * @throws IllegalStateException when the log does not verify (nothing is pruned)
	 */
	public long pruneExpired(String operator) {
		AuditPruner.Pruned pruned = this.pruner.prune(operator);
		if (pruned.events() > 0) {
			record(SecurityEventType.AUDIT_PRUNED, null, "prune:" + pruned.anchor(),
					"events=" + pruned.events() + " older-than=" + pruned.olderThan());
		}
		return pruned.events();
	}

	/**
	 * @return the position of the newest signed checkpoint, or 0 when there is none
	 */
	@Transactional(readOnly = true)
	public long latestCheckpoint() {
		return this.jdbc.sql("select coalesce(max(seq), 0) from audit_checkpoint").query(Long.class).single();
	}

	/**
	 * @return every signed checkpoint, for keeping off-system
	 */
	@Transactional(readOnly = true)
	public List<ExportedCheckpoint> exportCheckpoints() {
		HexFormat hex = HexFormat.of();
		return this.jdbc.sql("select seq, hash, signature, key_id from audit_checkpoint order by seq")
			.query((rs, n) -> new ExportedCheckpoint(rs.getLong(1), hex.formatHex(rs.getBytes(2)),
					hex.formatHex(rs.getBytes(3)), rs.getString(4)))
			.list();
	}

	/**
	 * Signs a statement (a deletion certificate, say) with the audit signing key, so anyone
	 * holding its public half can check it was made here and not changed since.
	 * @param text the statement
	 * @return the statement with its signature
	 */
	public SignedStatement sign(String text) {
		byte[] signature = this.signer.signStatement(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return new SignedStatement(text, this.signer.keyId(), java.util.Base64.getEncoder().encodeToString(signature));
	}

	/**
	 * @param statement a signed statement
	 * @return whether its signature is this portal's, over exactly this text
	 */
	public boolean verify(SignedStatement statement) {
		try {
			return this.signer.verifyStatement(statement.text().getBytes(java.nio.charset.StandardCharsets.UTF_8),
					java.util.Base64.getDecoder().decode(statement.signature()));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
