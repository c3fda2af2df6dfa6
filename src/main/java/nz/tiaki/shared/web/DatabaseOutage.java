package nz.tiaki.shared.web;

/**
 * Tells a database outage from other failures: a request that failed because PostgreSQL
 * could not be reached wrote nothing, and is answered "unavailable for a moment" (503), not
 * "something went wrong".
 */
public final class DatabaseOutage {

	private DatabaseOutage() {
	}

	/**
	 * Tells a busy pool from an unreachable database, for the log: the pool's timeout names no
	 * cause of its own when every connection was simply in use, and carries the last failure to
	 * connect when connections could not be made.
	 * @param thrown what a request failed with, already known to be an outage
	 * @return {@code "busy"} when every connection was in use, {@code "unreachable"} otherwise
	 */
	public static String kind(Object thrown) {
		Throwable cause = thrown instanceof Throwable t ? t : null;
		int depth = 0;
		while (cause != null && depth++ < 20) {
			if (cause instanceof java.sql.SQLTransientConnectionException timeout && timeout.getMessage() != null
					&& timeout.getMessage().contains("Connection is not available")) {
				return timeout.getCause() == null ? "busy" : "unreachable";
			}
			cause = cause.getCause() == cause ? null : cause.getCause();
		}
		return "unreachable";
	}

	/**
	 * @param thrown what a request failed with
	 * @return whether it failed because the database could not be reached (no connection
	 * to be had, or the connection dropped)
	 */
	public static boolean caused(Object thrown) {
		Throwable cause = thrown instanceof Throwable t ? t : null;
		int depth = 0;
		while (cause != null && depth++ < 20) {
			if (cause instanceof org.springframework.dao.DataAccessResourceFailureException
					|| cause instanceof org.springframework.transaction.CannotCreateTransactionException
					|| cause instanceof java.sql.SQLTransientConnectionException
					|| cause instanceof java.sql.SQLNonTransientConnectionException
					|| cause instanceof java.net.SocketException) {
				return true;
			}
			if (cause instanceof java.sql.SQLException sql && sql.getMessage() != null
					&& sql.getMessage().startsWith("Connection is closed")) {
				return true;
			}
			if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
				return true;
			}
			cause = cause.getCause() == cause ? null : cause.getCause();
		}
		return false;
	}

}
