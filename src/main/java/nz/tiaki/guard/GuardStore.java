package nz.tiaki.guard;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Locks, alerts, canaries and reasons; and the counts budgets are measured with, read from
 * the audit log so every node sees the same numbers.
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

	/** Documents opened: allowed decisions on one document, not on the list, not for the patient's own copy. */
	private static final String OPENED = """
			a.action = 'READ_DOCUMENT' and a.decision = 'ALLOW'
			and a.object_ref is not null and a.object_ref <> 'document-list' and a.object_ref <> 'data-export'
			""";

	boolean locked(String sessionRef, UUID accountId) {
		return this.jdbc.sql("select exists (" + LOCK + ")")
			.param("session", sessionRef)
			.param("account", accountId)
			.query(Boolean.class)
			.single();
	}

	/**
	 * For a decision that opens a document, in one statement: whether the session or the
	 * account is locked, how many documents the session (or the account, without one) opened
	 * since each of two moments, and the bytes of the documents it was handed since the first.
	 */
	Budget openingBudget(String sessionRef, UUID accountId, Instant hour, Instant recent) {
		return this.jdbc.sql("select exists (" + LOCK + "), count(*) filter (where a.occurred_at >= :hour),"
				+ " count(*) filter (where a.occurred_at >= :recent),"
				+ " coalesce(sum(d.size_bytes) filter (where a.occurred_at >= :hour), 0)"
				+ " from audit_event a left join document d on d.id = case when a.object_ref like 'download:%'"
				+ " then cast(substring(a.object_ref from 10) as uuid) end"
				+ " where a.occurred_at >= least(cast(:hour as timestamptz), cast(:recent as timestamptz))"
				+ " and " + OPENED + " and " + whose(sessionRef, "a."))
			.param("session", sessionRef)
			.param("account", accountId)
			.param("hour", Timestamp.from(hour))
			.param("recent", Timestamp.from(recent))
			.param("whose", sessionRef != null ? sessionRef : accountId)
			.query(BUDGET)
			.single();
	}

	/**
	 * @param locked whether the session or the account is locked
	 * @param openedInHour documents opened since the first moment asked about
	 * @param openedRecently documents opened since the second
	 * @param bytes bytes of documents handed over since the moment asked about
	 */
	record Budget(boolean locked, int openedInHour, int openedRecently, long bytes) {
	}

	private static final org.springframework.jdbc.core.RowMapper<Budget> BUDGET = (rs, n) -> new Budget(rs.getBoolean(1),
			rs.getInt(2), rs.getInt(3), rs.getLong(4));

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
	 * an index can answer ({@code audit_event_session_action}, {@code audit_event_account}):
	 * a condition that chose between the two at run time made PostgreSQL read every event of
	 * the window, everyone's, for each check.
	 */
	private static String whose(String sessionRef, String alias) {
		return " " + alias + (sessionRef != null ? "session_ref = :whose" : "account_id = :whose");
	}

	/** The bytes of documents handed over, from the download steps' events joined to their documents. */
	private static final String BYTES = """
			coalesce(sum(d.size_bytes), 0) from audit_event a
			join document d on d.id = cast(substring(a.object_ref from 10) as uuid)
			where a.occurred_at >= :since and a.action = 'READ_DOCUMENT' and a.decision = 'ALLOW'
			  and a.object_ref like 'download:%'
			  and """;

	long bytesDelivered(String sessionRef, UUID accountId, Instant since) {
		return this.jdbc.sql("select " + BYTES + whose(sessionRef, "a."))
			.param("since", Timestamp.from(since))
			.param("whose", sessionRef != null ? sessionRef : accountId)
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
