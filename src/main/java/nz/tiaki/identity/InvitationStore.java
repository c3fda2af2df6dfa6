package nz.tiaki.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

import nz.tiaki.vault.Vault;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Invitation rows. Codes are stored only as digests, addresses sealed, and a patient's date
 * of birth only as a keyed hash to compare with.
 */
@Repository
class InvitationStore {

	private final JdbcClient jdbc;

	private final Vault vault;

	InvitationStore(JdbcClient jdbc, Vault vault) {
		this.jdbc = jdbc;
		this.vault = vault;
	}

	void insert(UUID id, byte[] codeHash, AccountHolder holder, LocalDate birthDate, String email, AccountId issuedBy,
			Instant issuedAt, Instant expiresAt) {
		this.jdbc.sql("""
				insert into invitation (id, code_hash, holder_kind, holder_id, birth_check, email_sealed, issued_by,
				  issued_at, expires_at)
				values (:id, :hash, :kind, :holder, :birth, :email, :issuedBy, :issuedAt, :expiresAt)
				""")
			.param("id", id)
			.param("hash", codeHash)
			.param("kind", holder.kind().name())
			.param("holder", holder.id())
			.param("birth", birthDate == null ? null : birthCheck(id, birthDate))
			.param("email", this.vault.sealIdentity("invitation-email", id, email.getBytes(StandardCharsets.UTF_8)))
			.param("issuedBy", issuedBy == null ? null : issuedBy.value())
			.param("issuedAt", Timestamp.from(issuedAt))
			.param("expiresAt", Timestamp.from(expiresAt))
			.update();
	}

	private byte[] birthCheck(UUID invitationId, LocalDate birthDate) {
		return this.vault.index("invitation-birth", invitationId + "|" + birthDate);
	}

	int revokeOpen(AccountHolder holder, Instant now) {
		return this.jdbc.sql("""
				update invitation set revoked_at = :now
				where holder_kind = :kind and holder_id = :holder and redeemed_at is null and revoked_at is null
				""")
			.param("now", Timestamp.from(now))
			.param("kind", holder.kind().name())
			.param("holder", holder.id())
			.update();
	}

	Optional<Invitation> open(byte[] codeHash, Instant now) {
		return this.jdbc.sql("""
				select id, holder_kind, holder_id, birth_check, email_sealed from invitation
				where code_hash = :hash and redeemed_at is null and revoked_at is null and expires_at > :now
				""")
			.param("hash", codeHash)
			.param("now", Timestamp.from(now))
			.query((rs, n) -> {
				UUID id = rs.getObject(1, UUID.class);
				return new Invitation(id,
						new AccountHolder(AccountHolder.Kind.valueOf(rs.getString(2)), rs.getObject(3, UUID.class)),
						rs.getBytes(4), new String(this.vault.openIdentity("invitation-email", id, rs.getBytes(5)),
								StandardCharsets.UTF_8));
			})
			.optional();
	}

	boolean birthDateMatches(Invitation invitation, LocalDate typed) {
		return invitation.birthCheck() != null && typed != null
				&& MessageDigest.isEqual(invitation.birthCheck(), birthCheck(invitation.id(), typed));
	}

	/**
	 * @return whether this call redeemed it (false when another got there first)
	 */
	boolean redeem(UUID id, Instant now) {
		return this.jdbc.sql("update invitation set redeemed_at = :now where id = :id and redeemed_at is null and revoked_at is null")
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update() == 1;
	}

	/**
	 * Counts a wrong check against the invitation and revokes it after five.
	 */
	void failedCheck(UUID id, Instant now) {
		this.jdbc.sql("""
				update invitation set failed_attempts = failed_attempts + 1,
				  revoked_at = case when failed_attempts + 1 >= 5 then :now else revoked_at end
				where id = :id
				""").param("now", Timestamp.from(now)).param("id", id).update();
	}

	private volatile byte[] decoyEmail;

	/**
	 * The work a wrong check on a real invitation does — opening the sealed address,
	 * computing the date-of-birth check, counting the failure — done on nothing, so an
	 * unknown code takes as long to refuse as a known one.
	 */
	void decoyCheck(LocalDate typed, Instant now) {
		UUID decoy = new UUID(0, 0);
		if (this.decoyEmail == null) {
			this.decoyEmail = this.vault.sealIdentity("invitation-email", decoy,
					"decoy@invalid".getBytes(StandardCharsets.UTF_8));
		}
		this.vault.openIdentity("invitation-email", decoy, this.decoyEmail);
		MessageDigest.isEqual(birthCheck(decoy, typed == null ? LocalDate.EPOCH : typed), new byte[32]);
		failedCheck(decoy, now);
	}

	boolean hasOpen(AccountHolder holder, Instant now) {
		return this.jdbc.sql("""
				select count(*) from invitation where holder_kind = :kind and holder_id = :holder
				and redeemed_at is null and revoked_at is null and expires_at > :now
				""")
			.param("kind", holder.kind().name())
			.param("holder", holder.id())
			.param("now", Timestamp.from(now))
			.query(Integer.class)
			.single() > 0;
	}

	record Invitation(UUID id, AccountHolder holder, byte[] birthCheck, String email) {

		@Override
		public String toString() {
			return "Invitation[" + this.id + "]";
		}

	}

}
