package nz.tiaki.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The exact bytes an audit event contributes to the chain: every column, in a fixed order,
 * length-prefixed, read back from the database so that sealing and verifying see the same
 * thing.
 */
final class EventCodec {

	static final String COLUMNS = "e.id, e.occurred_at, e.category, e.event_type, e.account_id, e.actor_kind, "
			+ "e.actor_id, e.on_behalf_of, e.patient_id, e.action, e.purpose, e.decision, e.reason, e.object_ref, "
			+ "e.break_glass, e.subject_ref, e.session_ref, e.source_address, e.user_agent, e.detail";

	static final byte[] GENESIS = new byte[32];

	private EventCodec() {
	}

	/**
	 * @param rs a row selected with {@link #COLUMNS} first
	 * @return the canonical bytes of that event
	 */
	static byte[] canonical(ResultSet rs) throws SQLException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeLong(rs.getLong(1));
			Timestamp at = rs.getTimestamp(2);
			Instant instant = at.toInstant();
			out.writeLong(instant.getEpochSecond());
			out.writeInt(instant.getNano());
			for (int column = 3; column <= 20; column++) {
				if (column == 15) {
					out.writeBoolean(rs.getBoolean(column));
					continue;
				}
				String value = rs.getString(column);
				if (value == null) {
					out.writeInt(-1);
				}
				else {
					byte[] text = value.getBytes(StandardCharsets.UTF_8);
					out.writeInt(text.length);
					out.write(text);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static byte[] link(byte[] previous, byte[] canonical) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(previous);
			digest.update(canonical);
			return digest.digest();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static byte[] checkpointMessage(long seq, byte[] hash) {
		byte[] message = new byte[8 + hash.length];
		for (int i = 0; i < 8; i++) {
			message[i] = (byte) (seq >>> (56 - 8 * i));
		}
		System.arraycopy(hash, 0, message, 8, hash.length);
		return message;
	}

}
