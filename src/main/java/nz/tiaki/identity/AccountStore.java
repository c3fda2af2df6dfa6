package nz.tiaki.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Account rows.
 */
@Repository
class AccountStore {

	private static final String COLUMNS = "id, username, password_hash, holder_kind, holder_id, enabled";

	private final JdbcClient jdbc;

	AccountStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Account account, Instant now) {
		this.jdbc.sql("""
				insert into account (id, username, password_hash, holder_kind, holder_id, enabled, created_at, password_changed_at)
				values (:id, :username, :hash, :kind, :holder, true, :now, :now)
				""")
			.param("id", account.id().value())
			.param("username", account.username())
			.param("hash", account.passwordHash())
			.param("kind", account.holder().kind().name())
			.param("holder", account.holder().id())
			.param("now", Timestamp.from(now))
			.update();
	}

	Optional<Account> byUsername(String username) {
		return this.jdbc.sql("select " + COLUMNS + " from account where username = :username")
			.param("username", username)
			.query(AccountStore::map)
			.optional();
	}

	Optional<Account> byId(AccountId id) {
		return this.jdbc.sql("select " + COLUMNS + " from account where id = :id")
			.param("id", id.value())
			.query(AccountStore::map)
			.optional();
	}

	Optional<Account> byHolder(AccountHolder holder) {
		return this.jdbc.sql("select " + COLUMNS + " from account where holder_kind = :kind and holder_id = :holder")
			.param("kind", holder.kind().name())
			.param("holder", holder.id())
			.query(AccountStore::map)
			.optional();
	}

	Set<UUID> holdersWithAccounts(AccountHolder.Kind kind, Collection<UUID> holderIds) {
		if (holderIds.isEmpty()) {
			return Set.of();
		}
		List<UUID> found = this.jdbc
			.sql("select holder_id from account where holder_kind = :kind and holder_id in (:ids) and enabled")
			.param("kind", kind.name())
			.param("ids", holderIds)
			.query(UUID.class)
			.list();
		return found.stream().collect(Collectors.toUnmodifiableSet());
	}

	boolean usernameTaken(String username) {
		return this.jdbc.sql("select count(*) from account where username = :username")
			.param("username", username)
			.query(Integer.class)
			.single() > 0;
	}

	void setPasswordHash(AccountId id, String hash, Instant now) {
		this.jdbc.sql("update account set password_hash = :hash, password_changed_at = :now where id = :id")
			.param("hash", hash)
			.param("now", Timestamp.from(now))
			.param("id", id.value())
			.update();
	}

	void disable(AccountId id) {
		this.jdbc.sql("update account set enabled = false where id = :id").param("id", id.value()).update();
	}

	private static Account map(ResultSet rs, int row) throws SQLException {
		return new Account(new AccountId(rs.getObject("id", UUID.class)), rs.getString("username"),
				rs.getString("password_hash"), new AccountHolder(AccountHolder.Kind.valueOf(rs.getString("holder_kind")),
						rs.getObject("holder_id", UUID.class)),
				rs.getBoolean("enabled"));
	}

	record Account(AccountId id, String username, String passwordHash, AccountHolder holder, boolean enabled) {

		@Override
		public String toString() {
			return "Account[" + this.id + "]";
		}

	}

}
