package nz.tiaki.shared.web;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An outage is told apart from other failures, and a pool whose connections were all in use
 * from a database that could not be reached, so the log says which one an operator faces.
 */
class DatabaseOutageTest {

	private static final String POOL_TIMEOUT = "tiaki-pool - Connection is not available, request timed out after 2000ms"
			+ " (total=20, active=20, idle=0, waiting=3)";

	@Test
	void aPoolWithEveryConnectionInUseIsBusyNotUnreachable() {
		Exception busy = new CannotCreateTransactionException("Could not open JDBC Connection",
				new SQLTransientConnectionException(POOL_TIMEOUT));
		assertThat(DatabaseOutage.caused(busy)).isTrue();
		assertThat(DatabaseOutage.kind(busy)).isEqualTo("busy");
	}

	@Test
	void aPoolThatCouldNotConnectIsUnreachable() {
		Exception refused = new CannotCreateTransactionException("Could not open JDBC Connection",
				new SQLTransientConnectionException(POOL_TIMEOUT,
						new SQLException("Connection to localhost:5432 refused", "08001")));
		assertThat(DatabaseOutage.caused(refused)).isTrue();
		assertThat(DatabaseOutage.kind(refused)).isEqualTo("unreachable");
		Exception dropped = new RuntimeException(new SQLException("terminating connection", "57P01"));
		assertThat(DatabaseOutage.caused(dropped)).isTrue();
		assertThat(DatabaseOutage.kind(dropped)).isEqualTo("unreachable");
	}

	@Test
	void otherFailuresAreNoOutage() {
		assertThat(DatabaseOutage.caused(new IllegalStateException("a bug"))).isFalse();
		assertThat(DatabaseOutage.caused(new SQLException("duplicate key", "23505"))).isFalse();
		assertThat(DatabaseOutage.caused(null)).isFalse();
	}

}
