package nz.tiaki.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import nz.tiaki.shared.web.RequestOrigin;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends security events. An event is written in the caller's transaction when there is
 * one, so it commits with the change it describes, and on its own otherwise; either way it
 * is durable before the caller answers.
 */
@Service
public class AuditTrail {

	private final JdbcClient jdbc;

	private final Clock clock;

	AuditTrail(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records an event concerning an account, taking address, device and session from the
	 * current request.
	 * @param type what happened
	 * @param accountId the account, or {@code null} when none is known
	 * @param detail a short machine-readable detail without personal data, or {@code null}
	 */
	public void record(SecurityEventType type, UUID accountId, String detail) {
		record(type, accountId, null, detail);
	}

	/**
	 * Records an event, taking address, device and session from the current request.
	 * @param type what happened
	 * @param accountId the account, or {@code null}
	 * @param subjectRef an opaque reference to what was typed when no account is known
	 * @param detail a short machine-readable detail without personal data, or {@code null}
	 */
	@Transactional(propagation = Propagation.REQUIRED)
	public void record(SecurityEventType type, UUID accountId, String subjectRef, String detail) {
		RequestOrigin origin = RequestOrigin.current();
		this.jdbc.sql("""
				insert into security_event
				  (occurred_at, event_type, account_id, subject_ref, session_ref, source_address, user_agent, detail)
				values (:at, :type, :account, :subject, :session, :address, :agent, :detail)
				""")
			.param("at", java.sql.Timestamp.from(Instant.now(this.clock)))
			.param("type", type.name())
			.param("account", accountId)
			.param("subject", subjectRef)
			.param("session", origin.sessionRef())
			.param("address", origin.address())
			.param("agent", origin.userAgent())
			.param("detail", detail)
			.update();
	}

	/**
	 * @param accountId an account
	 * @param limit how many at most
	 * @return the account's most recent events, newest first
	 */
	@Transactional(readOnly = true)
	public List<SecurityEvent> recentFor(UUID accountId, int limit) {
		return this.jdbc.sql("""
				select occurred_at, event_type, account_id, subject_ref, session_ref, source_address, user_agent, detail
				from security_event where account_id = :account order by id desc limit :limit
				""")
			.param("account", accountId)
			.param("limit", limit)
			.query((rs, row) -> new SecurityEvent(rs.getTimestamp(1).toInstant(),
					SecurityEventType.valueOf(rs.getString(2)), rs.getObject(3, UUID.class), rs.getString(4),
					rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)))
			.list();
	}

}
