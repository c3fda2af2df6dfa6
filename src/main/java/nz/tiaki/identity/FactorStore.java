package nz.tiaki.identity;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import nz.tiaki.vault.Vault;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Authenticator-app secrets and recovery-code digests.
 */
@Repository
class FactorStore {

	private final JdbcClient jdbc;

	private final Vault vault;

	FactorStore(JdbcClient jdbc, Vault vault) {
		this.jdbc = jdbc;
		this.vault = vault;
	}

	void insertTotp(UUID id, AccountId account, byte[] secret, String label, Instant now, long usedStep) {
		this.jdbc.sql("""
				insert into totp_factor (id, account_id, secret, label, created_at, last_used_step)
				values (:id, :account, :secret, :label, :now, :step)
				""")
			.param("id", id)
			.param("account", account.value())
			.param("secret", this.vault.sealIdentity("totp", id, secret))
			.param("label", label)
			.param("now", Timestamp.from(now))
			.param("step", usedStep)
			.update();
	}

	List<TotpRow> totps(AccountId account) {
		return this.jdbc.sql("""
				select id, secret, label, created_at, last_used_step from totp_factor
				where account_id = :account order by created_at
				""")
			.param("account", account.value())
			.query((rs, n) -> new TotpRow(rs.getObject(1, UUID.class),
					this.vault.openIdentity("totp", rs.getObject(1, UUID.class), rs.getBytes(2)), rs.getString(3),
					rs.getTimestamp(4).toInstant(), rs.getLong(5)))
			.list();
	}

	/**
	 * Moves a factor's last used step forward; refuses a step already used or older.
	 * @return whether the step was accepted
	 */
	boolean useStep(UUID factorId, long step) {
		return this.jdbc.sql("update totp_factor set last_used_step = :step where id = :id and last_used_step < :step")
			.param("step", step)
			.param("id", factorId)
			.update() == 1;
	}

	boolean deleteTotp(AccountId account, UUID factorId) {
		return this.jdbc.sql("delete from totp_factor where id = :id and account_id = :account")
			.param("id", factorId)
			.param("account", account.value())
			.update() == 1;
	}

	int countTotps(AccountId account) {
		return this.jdbc.sql("select count(*) from totp_factor where account_id = :account")
			.param("account", account.value())
			.query(Integer.class)
			.single();
	}

	void replaceRecoveryCodes(AccountId account, List<byte[]> hashes, Instant now) {
		this.jdbc.sql("delete from recovery_code where account_id = :account").param("account", account.value()).update();
		for (byte[] hash : hashes) {
			this.jdbc.sql("insert into recovery_code (account_id, code_hash, created_at) values (:account, :hash, :now)")
				.param("account", account.value())
				.param("hash", hash)
				.param("now", Timestamp.from(now))
				.update();
		}
	}

	boolean useRecoveryCode(AccountId account, byte[] hash, Instant now) {
		return this.jdbc.sql("""
				update recovery_code set used_at = :now
				where account_id = :account and code_hash = :hash and used_at is null
				""")
			.param("now", Timestamp.from(now))
			.param("account", account.value())
			.param("hash", hash)
			.update() == 1;
	}

	int unusedRecoveryCodes(AccountId account) {
		return this.jdbc.sql("select count(*) from recovery_code where account_id = :account and used_at is null")
			.param("account", account.value())
			.query(Integer.class)
			.single();
	}

	record TotpRow(UUID id, byte[] secret, String label, Instant createdAt, long lastUsedStep) {

		@Override
		public String toString() {
			return "TotpRow[" + this.id + "]";
		}

	}

}
