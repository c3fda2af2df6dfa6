package nz.tiaki.vault;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Wrapped data keysets, one per patient and one per system purpose. A destroyed key leaves
 * its row, with nothing to unwrap, as the record that it was destroyed.
 */
@Repository
class KeyStore {

	private final JdbcClient jdbc;

	KeyStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Row> find(String ownerKind, UUID ownerId) {
		return this.jdbc.sql("""
				select wrapped, master_key_id, destroyed_at from vault_key
				where owner_kind = :kind and owner_id = :owner
				""")
			.param("kind", ownerKind)
			.param("owner", ownerId)
			.query((rs, n) -> new Row(ownerKind, ownerId, rs.getString(1), rs.getLong(2), rs.getTimestamp(3) != null))
			.optional();
	}

	boolean insertIfAbsent(String ownerKind, UUID ownerId, String wrapped, long masterKeyId, Instant now) {
		return this.jdbc.sql("""
				insert into vault_key (owner_kind, owner_id, wrapped, master_key_id, created_at)
				values (:kind, :owner, :wrapped, :master, :now) on conflict do nothing
				""")
			.param("kind", ownerKind)
			.param("owner", ownerId)
			.param("wrapped", wrapped)
			.param("master", masterKeyId)
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	boolean destroy(String ownerKind, UUID ownerId, Instant now) {
		return this.jdbc.sql("""
				update vault_key set wrapped = null, destroyed_at = :now
				where owner_kind = :kind and owner_id = :owner and destroyed_at is null
				""")
			.param("now", Timestamp.from(now))
			.param("kind", ownerKind)
			.param("owner", ownerId)
			.update() == 1;
	}

	List<Row> wrappedOtherThan(long masterKeyId, int limit) {
		return this.jdbc.sql("""
				select owner_kind, owner_id, wrapped, master_key_id from vault_key
				where destroyed_at is null and master_key_id <> :master limit :limit
				""")
			.param("master", masterKeyId)
			.param("limit", limit)
			.query((rs, n) -> new Row(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getLong(4),
					false))
			.list();
	}

	boolean rewrap(Row row, String wrapped, long masterKeyId) {
		return this.jdbc.sql("""
				update vault_key set wrapped = :wrapped, master_key_id = :master
				where owner_kind = :kind and owner_id = :owner and master_key_id = :old and destroyed_at is null
				""")
			.param("wrapped", wrapped)
			.param("master", masterKeyId)
			.param("kind", row.ownerKind())
			.param("owner", row.ownerId())
			.param("old", row.masterKeyId())
			.update() == 1;
	}

	record Row(String ownerKind, UUID ownerId, String wrapped, long masterKeyId, boolean destroyed) {

		@Override
		public String toString() {
			return "KeyRow[" + this.ownerKind + " " + this.ownerId + "]";
		}

	}

}
