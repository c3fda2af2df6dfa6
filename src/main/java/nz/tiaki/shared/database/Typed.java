package nz.tiaki.shared.database;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.jdbc.core.SqlParameterValue;

/**
 * Parameter values whose type the driver knows, {@code null} or not. A {@code null} bound
 * without a type, or a {@link java.sql.Timestamp} (which the driver cannot tell with or
 * without time zone), leaves the parameter's type for the server to find, so the driver
 * first has the server describe the statement; once described, a statement that answers in
 * a column of unbounded width (text, bytes, an array) is sent only after a round trip of its
 * own, to keep the driver's receive buffer from filling. Statements on a hot path bind
 * their values through here and cost one round trip each.
 */
public final class Typed {

	private static final SqlParameterValue NO_UUID = new SqlParameterValue(Types.OTHER, "uuid", null);

	private static final SqlParameterValue NO_TEXT = new SqlParameterValue(Types.VARCHAR, null);

	private Typed() {
	}

	/**
	 * @param value a uuid, or {@code null}
	 * @return the value, or a {@code null} of type uuid
	 */
	public static Object uuid(UUID value) {
		return value != null ? value : NO_UUID;
	}

	/**
	 * @param value a text, or {@code null}
	 * @return the value, or a {@code null} of type text
	 */
	public static Object text(String value) {
		return value != null ? value : NO_TEXT;
	}

	/**
	 * @param value a moment
	 * @return the moment, as a timestamp with time zone
	 */
	public static Object instant(Instant value) {
		return OffsetDateTime.ofInstant(value, ZoneOffset.UTC);
	}

}
