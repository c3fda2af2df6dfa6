package nz.tiaki.shared.database;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.SqlProvider;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * A statement with named parameters ({@code :name}), turned into the driver's positional
 * form once, for a statement run on every request. A statement given by name each time is
 * parsed, has its names replaced and its values looked up by name on every run, and comes
 * out as a new text the driver must hash and compare in full to find its prepared form:
 * for a long statement that was a third of the time the portal spent on its side of the
 * statement. Here the driver is handed the same text every time, and each value is bound by
 * position.
 */
public final class NamedStatement {

	/** The statement in the driver's form; the same instance on every run, its hash computed once. */
	private final String sql;

	/** The name of the parameter at each position. */
	private final String[] names;

	/**
	 * @param named the statement, with parameters as {@code :name} (no lists)
	 */
	public NamedStatement(String named) {
		ParsedSql parsed = NamedParameterUtils.parseSqlStatement(named);
		SqlParameterSource byName = new SqlParameterSource() {

			@Override
			public boolean hasValue(String paramName) {
				return true;
			}

			@Override
			public Object getValue(String paramName) {
				return paramName;
			}

		};
		this.sql = NamedParameterUtils.substituteNamedParameters(parsed, byName);
		Object[] positions = NamedParameterUtils.buildValueArray(parsed, byName, null);
		this.names = new String[positions.length];
		for (int i = 0; i < positions.length; i++) {
			this.names[i] = (String) positions[i];
		}
	}

	/**
	 * Runs the statement as a query.
	 * @param jdbc where to run it
	 * @param params a value for every parameter the statement names ({@code null}, or a
	 * {@link org.springframework.jdbc.core.SqlParameterValue} to give the type, as
	 * {@link Typed} does); others are ignored
	 * @param rows reads each row
	 * @param <T> a row
	 * @return the rows
	 * @throws IllegalArgumentException when a parameter has no value
	 */
	public <T> List<T> query(JdbcTemplate jdbc, Map<String, ?> params, RowMapper<T> rows) {
		Object[] values = new Object[this.names.length];
		for (int i = 0; i < values.length; i++) {
			values[i] = params.get(this.names[i]);
			if (values[i] == null && !params.containsKey(this.names[i])) {
				throw new IllegalArgumentException("No value for the statement's parameter " + this.names[i]);
			}
		}
		return jdbc.query(new Bound(this.sql, values), rows);
	}

	/** The statement with its values, bound by position. */
	private record Bound(String sql, Object[] values) implements PreparedStatementCreator, SqlProvider {

		@Override
		public PreparedStatement createPreparedStatement(java.sql.Connection connection) throws SQLException {
			PreparedStatement statement = connection.prepareStatement(this.sql);
			try {
				for (int i = 0; i < this.values.length; i++) {
					bind(statement, i + 1, this.values[i]);
				}
				return statement;
			}
			catch (SQLException | RuntimeException ex) {
				statement.close();
				throw ex;
			}
		}

		/**
		 * Binds the values a hot statement binds most straight to the driver, the way Spring
		 * would bind them; anything else (a {@code null} without a type, a typed value) as
		 * Spring does.
		 */
		private static void bind(PreparedStatement statement, int position, Object value) throws SQLException {
			if (value instanceof String text) {
				statement.setString(position, text);
			}
			else if (value instanceof java.util.UUID || value instanceof java.time.OffsetDateTime) {
				statement.setObject(position, value);
			}
			else if (value instanceof Long number) {
				statement.setLong(position, number);
			}
			else if (value instanceof Boolean truth) {
				statement.setBoolean(position, truth);
			}
			else {
				StatementCreatorUtils.setParameterValue(statement, position, SqlTypeValue.TYPE_UNKNOWN, value);
			}
		}

		@Override
		public String getSql() {
			return this.sql;
		}

		@Override
		public String toString() {
			return "Bound[" + this.values.length + " values]";
		}

	}

}
