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

import nz.tiaki.vault.Vault;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Account rows.
 */
@Repository
class AccountStore {

	private static final String COLUMNS = "id, username_sealed, password_hash, holder_kind, holder_id, enabled";

	private final JdbcClient jdbc;

	private final Vault vault;

	AccountStore(JdbcClient jdbc, Vault vault) {
		this.jdbc = jdbc;
		this.vault = vault;
	}

	byte[] index(String username) {
		return this.vault.index("username", username);
	}

	void insert(Account account, Instant now) {
		this.jdbc.sql("""
				insert into account (id, username_index, username_sealed, password_hash, holder_kind, holder_id, enabled,
				  created_at, password_changed_at)
				values (:id, :index, :sealed, :hash, :kind, :holder, true, :now, :now)
				""")
			.param("id", account.id().value())
			.param("index", index(account.username()))
			.param("sealed", this.vault.sealIdentity("username", account.id().value(),
					account.username().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
			.param("hash", account.passwordHash())
			.param("kind", account.holder().kind().name())
			.param("holder", account.holder().id())
			.param("now", Timestamp.from(now))
			.update();
	}

	Optional<Account> byUsername(String username) {
		return this.jdbc.sql("select " + COLUMNS + " from account where username_index = :index")
			.param("index", index(username))
			.query(this::map)
			.optional();
	}

	Optional<Account> byId(AccountId id) {
		return this.jdbc.sql("select " + COLUMNS + " from account where id = :id")
			.param("id", id.value())
			.query(this::map)
			.optional();
	}

	Optional<Account> byHolder(AccountHolder holder) {
		return this.jdbc.sql("select " + COLUMNS + " from account where holder_kind = :kind and holder_id = :holder")
			.param("kind", holder.kind().name())
			.param("holder", holder.id())
			.query(this::map)
			.optional();
	}

	Set<UUID> holdersWithAccounts(AccountHolder.Kind kind, Collection<UUID> holderIds) {
		if (holderIds.isEmpty()) {
			return Set.of();
		}
		List<UUID> found = this.jdbc
			.sql("""
					select holder_id from account
					where holder_kind = :kind and holder_id in (:ids) and enabled and credentials_reset_at is null
					""")
			.param("kind", kind.name())
			.param("ids", holderIds)
			.query(UUID.class)
			.list();
		return found.stream().collect(Collectors.toUnmodifiableSet());
	}

	/**
	 * @return those of the holders whose account awaits a new invitation after a reset
	 */
	Set<UUID> holdersAwaitingReset(AccountHolder.Kind kind, Collection<UUID> holderIds) {
		if (holderIds.isEmpty()) {
			return Set.of();
		}
		return Set.copyOf(this.jdbc.sql("""
				select holder_id from account
				where holder_kind = :kind and holder_id in (:ids) and enabled and credentials_reset_at is not null
				""").param("kind", kind.name()).param("ids", holderIds).query(UUID.class).list());
	}

	boolean awaitingReset(AccountId id) {
		return this.jdbc.sql("select count(*) from account where id = :id and credentials_reset_at is not null")
			.param("id", id.value())
			.query(Integer.class)
			.single() > 0;
	}

	/**
	 * Destroys what proves the account: the password (replaced by the hash of a secret no one
	 * keeps), authenticator secrets, recovery codes and passkeys. The account, its history and
	 * its holder stay.
	 */
	void resetCredentials(AccountId id, String unusableHash, Instant now) {
		this.jdbc.sql("""
				update account set password_hash = :hash, password_changed_at = :now, credentials_reset_at = :now
				where id = :id
				""").param("hash", unusableHash).param("now", Timestamp.from(now)).param("id", id.value()).update();
		this.jdbc.sql("delete from totp_factor where account_id = :id").param("id", id.value()).update();
		this.jdbc.sql("delete from recovery_code where account_id = :id").param("id", id.value()).update();
		this.jdbc.sql("""
				delete from user_credentials where user_entity_user_id in (select id from user_entities where name = :u)
				""").param("u", id.toString()).update();
	}

	/**
	 * Arms a reset account again with a new password and sign-in address; second factors are
	 * enrolled afresh at the next sign-in.
	 */
	void renew(AccountId id, String username, String hash, Instant now) {
		this.jdbc.sql("""
				update account set username_index = :index, username_sealed = :sealed, password_hash = :hash,
				  password_changed_at = :now, credentials_reset_at = null
				where id = :id and credentials_reset_at is not null
				""")
			.param("index", index(username))
			.param("sealed", this.vault.sealIdentity("username", id.value(),
					username.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
			.param("hash", hash)
			.param("now", Timestamp.from(now))
			.param("id", id.value())
			.update();
	}

	boolean usernameTaken(String username) {
		return this.jdbc.sql("select count(*) from account where username_index = :index")
			.param("index", index(username))
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

	/**
	 * Deletes an account with everything that proves it: authenticator and recovery codes
	 * (cascade), passkeys, known devices and places. The person it belonged to stays.
	 */
	void delete(AccountId id) {
		String user = id.toString();
		this.jdbc.sql("""
				delete from user_credentials where user_entity_user_id in (select id from user_entities where name = :u)
				""").param("u", user).update();
		this.jdbc.sql("delete from user_entities where name = :u").param("u", user).update();
		this.jdbc.sql("delete from known_device where account_id = :id").param("id", id.value()).update();
		this.jdbc.sql("delete from known_country where account_id = :id").param("id", id.value()).update();
		this.jdbc.sql("delete from last_sign_in_place where account_id = :id").param("id", id.value()).update();
		this.jdbc.sql("delete from account where id = :id").param("id", id.value()).update();
	}

	void disable(AccountId id) {
		this.jdbc.sql("update account set enabled = false where id = :id").param("id", id.value()).update();
	}

	private Account map(ResultSet rs, int row) throws SQLException {
		UUID id = rs.getObject("id", UUID.class);
		String username = new String(this.vault.openIdentity("username", id, rs.getBytes("username_sealed")),
				java.nio.charset.StandardCharsets.UTF_8);
		return new Account(new AccountId(id), username,
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
