package nz.tiaki.incidents;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;
import nz.tiaki.identity.AccountAuthorities;
import nz.tiaki.identity.AccountHolder;
import nz.tiaki.identity.Accounts;
import nz.tiaki.identity.Invitations;
import nz.tiaki.identity.IssuedInvitation;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tiaki's operators: the people who answer alerts and incidents across practices. An
 * operator is added from the server's command line (an invitation, redeemed like anyone's,
 * then a second factor) and holds the {@code OPERATOR} role until removed. Operators are no
 * subject of the access gate: they see audit metadata and counts, never a record.
 */
@Service
public class Operators implements AccountAuthorities {

	/** The role the operator console requires. */
	public static final String ROLE = "OPERATOR";

	private final JdbcClient jdbc;

	private final Invitations invitations;

	private final Accounts accounts;

	private final AuditTrail audit;

	private final Clock clock;

	Operators(JdbcClient jdbc, Invitations invitations, Accounts accounts, AuditTrail audit, Clock clock) {
		this.jdbc = jdbc;
		this.invitations = invitations;
		this.accounts = accounts;
		this.audit = audit;
		this.clock = clock;
	}

	@Override
	public Set<String> rolesOf(AccountHolder holder) {
		if (holder.kind() != AccountHolder.Kind.OPERATOR) {
			return Set.of();
		}
		boolean active = this.jdbc.sql("select count(*) from operator where id = :id and removed_at is null")
			.param("id", holder.id())
			.query(Integer.class)
			.single() > 0;
		return active ? Set.of(ROLE) : Set.of();
	}

	/**
	 * Adds an operator and issues their invitation. Audited.
	 * @param email the address they will sign in with
	 * @param by who adds them (an operator's name, from the command line)
	 * @return the new operator's id and invitation, whose code is shown once
	 */
	@Transactional
	public Added add(String email, String by) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("insert into operator (id, added_at, added_by) values (:id, :at, :by)")
			.param("id", id)
			.param("at", Timestamp.from(this.clock.instant()))
			.param("by", by)
			.update();
		IssuedInvitation invitation = this.invitations.issue(AccountHolder.operator(id), null, email, null);
		this.audit.record(SecurityEventType.OPERATOR_CHANGED, null, "added:" + id + " by:" + by);
		return new Added(id, invitation);
	}

	/**
	 * A new operator.
	 *
	 * @param id the operator
	 * @param invitation their invitation
	 */
	public record Added(UUID id, IssuedInvitation invitation) {
	}

	/**
	 * Removes an operator: the role is gone from their next request on, and their account is
	 * disabled. Audited.
	 * @param id the operator
	 * @param by who removes them
	 * @return whether there was such an operator
	 */
	@Transactional
	public boolean remove(UUID id, String by) {
		int removed = this.jdbc.sql("update operator set removed_at = :at where id = :id and removed_at is null")
			.param("id", id)
			.param("at", Timestamp.from(this.clock.instant()))
			.update();
		if (removed > 0) {
			this.accounts.disable(AccountHolder.operator(id), null);
			this.audit.record(SecurityEventType.OPERATOR_CHANGED, null, "removed:" + id + " by:" + by);
		}
		return removed > 0;
	}

	/**
	 * One operator, as the command line lists them.
	 *
	 * @param id the operator
	 * @param addedAt when added
	 * @param addedBy by whom
	 * @param signsInAs the address their account signs in with, once the invitation is used
	 */
	public record Operator(UUID id, Instant addedAt, String addedBy, Optional<String> signsInAs) {
	}

	/**
	 * @return the current operators
	 */
	@Transactional(readOnly = true)
	public List<Operator> list() {
		return this.jdbc.sql("select id, added_at, added_by from operator where removed_at is null order by added_at")
			.query((rs, n) -> {
				UUID id = rs.getObject(1, UUID.class);
				return new Operator(id, rs.getTimestamp(2).toInstant(), rs.getString(3),
						this.accounts.addressOf(AccountHolder.operator(id)));
			})
			.list();
	}

}
