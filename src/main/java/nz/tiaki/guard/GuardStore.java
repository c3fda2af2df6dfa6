package nz.tiaki.guard;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import nz.tiaki.access.ReadGuard;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Locks, alerts, canaries and reasons; and the counts budgets are measured with, read from
 * the database so every node sees the same numbers: documents opened from each session's
 * budget row, refusals and patients from the audit log.
 */
@Repository
class GuardStore {

	static final java.time.Duration CANARY_REFRESH = java.time.Duration.ofSeconds(5);

	static final java.time.format.DateTimeFormatter ALERT_TIME = java.time.format.DateTimeFormatter
		.ofPattern("d MMMM yyyy, h:mm a", java.util.Locale.ENGLISH)
		.withZone(java.time.ZoneId.of("Pacific/Auckland"));

	private final JdbcClient jdbc;

	private final nz.tiaki.notifications.Notifications notifications;

	private final com.github.benmanes.caffeine.cache.LoadingCache<Boolean, java.util.Set<String>> canaries;

	/** Counts alerts by kind and severity only. */
	private final io.micrometer.core.instrument.MeterRegistry meters;

	GuardStore(JdbcClient jdbc, nz.tiaki.notifications.Notifications notifications,
			org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters) {
		this.meters = meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new);
		this.jdbc = jdbc;
		this.notifications = notifications;
		this.canaries = com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
			.expireAfterWrite(CANARY_REFRESH)
			.build(key -> loadCanaries());
	}

	/** An open lock on the session or on the account. */
	private static final String LOCK = """
			select 1 from guard_lock where lifted_at is null
			and ((:session::text is not null and session_ref = :session) or (:account::uuid is not null and account_id = :account))
			""";

	boolean locked(String sessionRef, UUID accountId) {
		return this.jdbc.sql("select exists (" + LOCK + ")")
			.param("session", sessionRef)
			.param("account", accountId)
			.query(Boolean.class)
			.single();
	}

	/** The advisory lock held by the node sweeping spent budgets, for that transaction. */
	private static final long SWEEP = 0x7469616b6962L;

	/** The entries of a session's budget row, as (opened, size) pairs. */
	private static final String ENTRIES = " unnest(b.opened_at, b.sizes) with ordinality as e(at, size, n)";

	/**
	 * A budget row's documents opened since the lock window's and the step-up window's starts,
	 * and their bytes: three {@code bigint} columns.
	 */
	private static final String COUNTS = " " + """
			count(*) filter (where e.at >= cast(:hour as timestamptz)) as in_hour,
			  count(*) filter (where e.at >= cast(:recent as timestamptz)) as recently,
			  cast(coalesce(sum(e.size) filter (where e.at >= cast(:hour as timestamptz)), 0) as bigint) as bytes
			from""" + ENTRIES;

	/**
	 * The budget's verdict on counts before a charge: over the byte or document limit of the
	 * lock window, 2 ({@code LOCKED}); over the step-up limit, 1 ({@code STEP_UP}); else 0. The
	 * one place the limits are applied, whether a budget is read or charged.
	 * @param counts the name of a row with the columns of {@link #COUNTS}
	 */
	private static String judged(String counts) {
		return "case when " + counts + ".bytes >= cast(:lock_at_bytes as bigint) or " + counts
				+ ".in_hour >= cast(:lock_at as bigint) then 2 when " + counts
				+ ".recently >= cast(:step_up_at as bigint) then 1 else 0 end";
	}

	/** The verdicts {@link #judged} answers, by number; 2 also for a lock. */
	private static final List<ReadGuard.Verdict> VERDICTS = List.of(ReadGuard.Verdict.PASS,
			ReadGuard.Verdict.STEP_UP, ReadGuard.Verdict.LOCKED);

	/**
	 * The budget's verdict on what the session (or the account, without one) has opened,
	 * without charging anything: {@code LOCKED} when the session or the account is locked.
	 * @param sessionRef the session, or {@code null}
	 * @param accountId the account, or {@code null}
	 * @param hour the lock window's start
	 * @param recent the step-up window's start
	 * @param limits the limits judged against
	 * @return {@code PASS}, {@code STEP_UP} or {@code LOCKED}
	 */
	ReadGuard.Verdict judge(String sessionRef, UUID accountId, Instant hour, Instant recent, GuardSettings limits) {
		return VERDICTS.get(this.jdbc.sql("select case when exists (" + LOCK + ") then 2 else " + judged("c")
				+ " end from (select 1) one left join read_budget b on b.whose = :whose cross join lateral (select"
				+ COUNTS + ") c")
			.params(budgetParams(sessionRef, accountId, hour, recent, limits))
			.query(Integer.class)
			.single());
	}

	private static java.util.Map<String, Object> budgetParams(String sessionRef, UUID accountId, Instant hour,
			Instant recent, GuardSettings limits) {
		java.util.Map<String, Object> params = new java.util.HashMap<>();
		params.put("session", nz.tiaki.shared.database.Typed.text(sessionRef));
		params.put("account", nz.tiaki.shared.database.Typed.uuid(accountId));
		params.put("whose", budgetKey(sessionRef, accountId));
		params.put("hour", nz.tiaki.shared.database.Typed.instant(hour));
		params.put("recent", nz.tiaki.shared.database.Typed.instant(recent));
		params.put("step_up_at", (long) limits.documentsBeforeStepUp());
		params.put("lock_at", (long) limits.documentsBeforeLock());
		params.put("lock_at_bytes", limits.bytesBeforeLock().toBytes());
		return params;
	}

	/** A budget row's first entry is older than the lock window. */
	private static final String EXPIRED = " b.opened_at[1] < cast(:hour as timestamptz)";

	/**
	 * The named queries of a charge ({@link #charge}): one text for every charge, so the
	 * statement it is joined to is found by its parts without reading them through.
	 */
	private static final String CHARGE = """
			charged as (
			insert into read_budget as b (whose, opened_at, sizes, charged_at)
			select :whose, array[cast(:now as timestamptz)],
			  array[coalesce((select size_bytes from document where id = cast(:document as uuid)), 0)],
			  cast(:now as timestamptz)
			where not exists (""" + LOCK + """
			)
			on conflict (whose) do update set
			  opened_at = case when""" + EXPIRED + """
			     then array(select e.at from""" + ENTRIES + """
			       where e.at >= cast(:hour as timestamptz) order by e.n)
			     else b.opened_at end || excluded.opened_at,
			  sizes = case when""" + EXPIRED + """
			     then array(select e.size from""" + ENTRIES + """
			       where e.at >= cast(:hour as timestamptz) order by e.n)
			     else b.sizes end || excluded.sizes,
			  charged_at = excluded.charged_at
			returning b.opened_at, b.sizes),
			spent as (
			select c.in_hour - 1 as in_hour, c.recently - 1 as recently, c.bytes - b.sizes[cardinality(b.sizes)] as bytes
			from charged b cross join lateral (select""" + COUNTS + """
			) c),
			ruling as (
			select case when spent.in_hour is null then 2 else""" + " " + judged("spent") + """
			 end as refusal
			from (select 1) one left join spent on true)""";

	/**
	 * Charges a document opened to the budget of the session (or of the account, without
	 * one), unless the session or the account is locked, and judges the charge against the
	 * limits: a {@link ReadGuard.Charge} for the gate to settle in the statement that records
	 * its decision, so charging, judging and recording take one round trip and commit
	 * together. Each charge is appended to the row under the row's lock, so requests of one
	 * session sent at once are each judged on every charge made before their own: the n-th
	 * sees n − 1, whichever node served the others. Entries older than the lock window are
	 * dropped as the row is charged. A locked session or account gives no row to insert, so
	 * there is nothing to conflict, nothing is charged, and the verdict is
	 * {@link ReadGuard.Verdict#LOCKED}. Over the document or byte limit before this charge,
	 * it is {@code LOCKED} too; over the step-up limit, {@code STEP_UP}.
	 * <p>
	 * Its parameters are typed, {@code null} or not ({@link nz.tiaki.shared.database.Typed}):
	 * the statement it is joined to may answer in columns of unbounded width (a document's
	 * row), which the driver sends after a round trip of its own once the server has been
	 * asked to type a parameter, and that round trip was as dear as the charge.
	 * @param sessionRef the session, or {@code null}
	 * @param accountId the account, or {@code null}
	 * @param document the document, whose size is charged, or {@code null} to charge no bytes
	 * @param now this moment
	 * @param hour the lock window's start
	 * @param recent the step-up window's start
	 * @param limits the limits judged against
	 * @return the charge, to be settled
	 */
	ReadGuard.Charge charge(String sessionRef, UUID accountId, UUID document, Instant now, Instant hour,
			Instant recent, GuardSettings limits) {
		java.util.Map<String, Object> params = budgetParams(sessionRef, accountId, hour, recent, limits);
		params.put("document", nz.tiaki.shared.database.Typed.uuid(document));
		params.put("now", nz.tiaki.shared.database.Typed.instant(now));
		return new ReadGuard.Charge(CHARGE, params,
				List.of(ReadGuard.Verdict.STEP_UP, ReadGuard.Verdict.LOCKED));
	}

	/** A budget row's key: the session, or the account when there is no session. */
	private static String budgetKey(String sessionRef, UUID accountId) {
		return sessionRef != null ? sessionRef : "account:" + accountId;
	}

	/**
	 * Deletes the budget rows not charged since a moment (everything in them is older),
	 * unless another node is doing so; in the caller's transaction.
	 * @param before that moment
	 * @return how many were deleted
	 */
	int forgetBudgets(Instant before) {
		boolean ours = this.jdbc.sql("select pg_try_advisory_xact_lock(" + SWEEP + ")").query(Boolean.class).single();
		if (!ours) {
			return 0;
		}
		return this.jdbc.sql("delete from read_budget where charged_at < :before")
			.param("before", Timestamp.from(before))
			.update();
	}

	boolean accountLocked(UUID accountId) {
		return this.jdbc.sql("select count(*) from guard_lock where lifted_at is null and account_id = :account")
			.param("account", accountId)
			.query(Integer.class)
			.single() > 0;
	}

	@Transactional(propagation = Propagation.REQUIRES_NEW)
	void lock(String sessionRef, UUID accountId, String reason, Instant now) {
		this.jdbc.sql("""
				insert into guard_lock (id, session_ref, account_id, reason, locked_at)
				values (:id, :session, :account, :reason, :now)
				""")
			.param("id", UUID.randomUUID())
			.param("session", sessionRef)
			.param("account", accountId)
			.param("reason", reason)
			.param("now", Timestamp.from(now))
			.update();
	}

	/**
	 * Every planted canary, as {@code KIND:id}. The table is small and read on every access,
	 * so it is kept in memory and reloaded every few seconds: a new canary arms within that
	 * time on every node.
	 */
	boolean canary(String patientId, String documentId) {
		java.util.Set<String> all = this.canaries.get(Boolean.TRUE);
		return (patientId != null && all.contains("PATIENT:" + patientId))
				|| (documentId != null && all.contains("DOCUMENT:" + documentId));
	}

	private java.util.Set<String> loadCanaries() {
		return java.util.Set.copyOf(this.jdbc.sql("select object_kind || ':' || object_id from canary")
			.query(String.class)
			.list());
	}

	void plantCanary(String kind, String id) {
		this.jdbc.sql("insert into canary (object_kind, object_id) values (:kind, :id) on conflict do nothing")
			.param("kind", kind)
			.param("id", id)
			.update();
		this.canaries.invalidateAll();
	}

	/**
	 * The events of one session, or of one account when there is no session, as a condition
	 * an index can answer ({@code audit_event_session_denials} for a session's refusals,
	 * {@code audit_event_account}):
	 * a condition that chose between the two at run time made PostgreSQL read every event of
	 * the window, everyone's, for each check.
	 */
	private static String whose(String sessionRef, String alias) {
		return " " + alias + (sessionRef != null ? "session_ref = :whose" : "account_id = :whose");
	}

	/** The bytes of documents charged to a session's (or an account's without one) budget since a moment. */
	long bytesDelivered(String sessionRef, UUID accountId, Instant since) {
		return this.jdbc.sql("select coalesce(sum(e.size), 0) from read_budget b cross join" + ENTRIES
				+ " where b.whose = :whose and e.at >= cast(:since as timestamptz)")
			.param("since", Timestamp.from(since))
			.param("whose", budgetKey(sessionRef, accountId))
			.query(Long.class)
			.single();
	}

	int denials(String sessionRef, UUID accountId, Instant since) {
		return this.jdbc.sql("""
				select count(*) from audit_event
				where occurred_at >= :since and category = 'ACCESS' and decision = 'DENY'
				  and """ + whose(sessionRef, ""))
			.param("since", Timestamp.from(since))
			.param("whose", sessionRef != null ? sessionRef : accountId)
			.query(Integer.class)
			.single();
	}

	int distinctPatients(UUID accountId, Instant since) {
		return this.jdbc.sql("""
				select count(distinct patient_id) from audit_event
				where account_id = :account and occurred_at >= :since and decision = 'ALLOW' and patient_id is not null
				  and (object_ref is null or object_ref <> 'list')
				""")
			.param("account", accountId)
			.param("since", Timestamp.from(since))
			.query(Integer.class)
			.single();
	}

	boolean touched(UUID accountId, UUID patientId, Instant since) {
		return this.jdbc.sql("""
				select count(*) from audit_event
				where account_id = :account and patient_id = :patient and occurred_at >= :since and decision = 'ALLOW'
				  and (object_ref is null or object_ref <> 'list')
				""")
			.param("account", accountId)
			.param("patient", patientId)
			.param("since", Timestamp.from(since))
			.query(Integer.class)
			.single() > 0;
	}

	boolean reasonGiven(String sessionRef, Instant since) {
		return sessionRef != null && this.jdbc.sql("select count(*) from access_reason where session_ref = :s and given_at >= :since")
			.param("s", sessionRef)
			.param("since", Timestamp.from(since))
			.query(Integer.class)
			.single() > 0;
	}

	void giveReason(String sessionRef, UUID accountId, String reason, Instant now) {
		this.jdbc.sql("insert into access_reason (id, session_ref, account_id, reason, given_at) values (:id, :s, :a, :r, :now)")
			.param("id", UUID.randomUUID())
			.param("s", sessionRef)
			.param("a", accountId)
			.param("r", reason)
			.param("now", Timestamp.from(now))
			.update();
	}

	boolean alertedSince(String kind, String sessionRef, UUID accountId, Instant since) {
		return this.jdbc.sql("""
				select count(*) from security_alert where kind = :kind and raised_at >= :since
				and (case when :session::text is not null then session_ref = :session else account_id = :account end)
				""")
			.param("kind", kind)
			.param("since", Timestamp.from(since))
			.param("session", sessionRef)
			.param("account", accountId)
			.query(Integer.class)
			.single() > 0;
	}

	/**
	 * Raises an alert and, in the same transaction of its own (so neither is lost when the
	 * refused request's work is rolled back), puts an e-mail to each privacy officer in the
	 * outbox.
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	void raise(String severity, String kind, UUID accountId, String sessionRef, UUID practiceId, String summary,
			Instant from, Instant to, List<String> tell) {
		UUID id = UUID.randomUUID();
		for (String address : tell) {
			this.notifications.send(address, nz.tiaki.notifications.Template.SECURITY_ALERT,
					java.util.Map.of("severity", severity.toLowerCase(java.util.Locale.ROOT), "summary", summary, "time",
							ALERT_TIME.format(to)),
					"alert:" + id + ":" + address.hashCode());
		}
		this.jdbc.sql("""
				insert into security_alert (id, raised_at, severity, kind, account_id, session_ref, practice_id, summary,
				  window_from, window_to)
				values (:id, :to, :severity, :kind, :account, :session, :practice, :summary, :from, :to)
				""")
			.param("id", id)
			.param("severity", severity)
			.param("kind", kind)
			.param("account", accountId)
			.param("session", sessionRef)
			.param("practice", practiceId)
			.param("summary", summary)
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.update();
		this.meters.counter("tiaki.guard.alerts", "kind", kind, "severity", severity.toLowerCase(java.util.Locale.ROOT))
			.increment();
	}

	java.util.Optional<Alert> alert(UUID id, UUID practiceId) {
		return this.jdbc.sql("""
				select id, raised_at, severity, kind, account_id, session_ref, summary, window_from, window_to,
				  acknowledged_at is not null, practice_id
				from security_alert where id = :id and practice_id = :practice
				""")
			.param("id", id)
			.param("practice", practiceId)
			.query(GuardStore::alert)
			.optional();
	}

	int lift(String sessionRef, UUID accountId, UUID by, Instant now) {
		return this.jdbc.sql("""
				update guard_lock set lifted_at = :now, lifted_by = :by where lifted_at is null
				and ((:session::text is not null and session_ref = :session) or (:account::uuid is not null and account_id = :account))
				""")
			.param("now", Timestamp.from(now))
			.param("by", by)
			.param("session", sessionRef)
			.param("account", accountId)
			.update();
	}

	List<Alert> alerts(UUID practiceId, int limit) {
		return this.jdbc.sql("""
				select id, raised_at, severity, kind, account_id, session_ref, summary, window_from, window_to,
				  acknowledged_at is not null, practice_id
				from security_alert where practice_id = :practice order by raised_at desc limit :limit
				""")
			.param("practice", practiceId)
			.param("limit", limit)
			.query(GuardStore::alert)
			.list();
	}

	/**
	 * @return the newest alerts of every practice and of none, for Tiaki's operators
	 */
	List<Alert> allAlerts(int limit) {
		return this.jdbc.sql("""
				select id, raised_at, severity, kind, account_id, session_ref, summary, window_from, window_to,
				  acknowledged_at is not null, practice_id
				from security_alert order by raised_at desc limit :limit
				""")
			.param("limit", limit)
			.query(GuardStore::alert)
			.list();
	}

	java.util.Optional<Alert> alertAnywhere(UUID id) {
		return this.jdbc.sql("""
				select id, raised_at, severity, kind, account_id, session_ref, summary, window_from, window_to,
				  acknowledged_at is not null, practice_id
				from security_alert where id = :id
				""")
			.param("id", id)
			.query(GuardStore::alert)
			.optional();
	}

	private static Alert alert(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new Alert(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
				rs.getObject(5, UUID.class), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(),
				rs.getTimestamp(9).toInstant(), rs.getBoolean(10), rs.getObject(11, UUID.class));
	}

	boolean raisedSince(String kind, Instant since) {
		return this.jdbc.sql("select count(*) from security_alert where kind = :kind and raised_at >= :since")
			.param("kind", kind)
			.param("since", Timestamp.from(since))
			.query(Integer.class)
			.single() > 0;
	}

	List<Alert> platformAlerts(int limit) {
		return this.jdbc.sql("""
				select id, raised_at, severity, kind, account_id, session_ref, summary, window_from, window_to,
				  acknowledged_at is not null, practice_id
				from security_alert where practice_id is null order by raised_at desc limit :limit
				""")
			.param("limit", limit)
			.query(GuardStore::alert)
			.list();
	}

}
