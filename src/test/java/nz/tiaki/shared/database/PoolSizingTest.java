package nz.tiaki.shared.database;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Request threads never outnumber what the connection pool can serve: a request may hold
 * two connections at once (its own and its audit event's), and two are kept for the
 * scheduled jobs. More threads than that could each hold one connection and wait for a
 * second until all of them time out, so the portal refuses to start.
 */
class PoolSizingTest {

	@Test
	void theDefaultsFit() {
		assertThatCode(() -> DatabaseConfiguration.requireThreadsFitThePool(9, 20)).doesNotThrowAnyException();
	}

	@Test
	void oneThreadTooManyIsRefusedWithWhatToChange() {
		assertThatIllegalStateException().isThrownBy(() -> DatabaseConfiguration.requireThreadsFitThePool(20, 40))
			.withMessageContaining("server.tomcat.threads.max is 20")
			.withMessageContaining("at most 19");
	}

	@Test
	void tomcatsOwnDefaultIsRefusedForAnOrdinaryPool() {
		assertThatIllegalStateException().isThrownBy(() -> DatabaseConfiguration.requireThreadsFitThePool(200, 40));
	}

}
