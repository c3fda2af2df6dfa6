package nz.tiaki.identity;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import nz.tiaki.support.PortalTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session store as "My security" uses it: an account's sessions come back whole, each
 * with every attribute it was saved with, whatever join PostgreSQL chooses.
 */
class SessionStoreTests extends PortalTest {

	@Autowired
	private FindByIndexNameSessionRepository<?> sessions;

	@Autowired
	private HikariDataSource pool;

	@Test
	void everySessionOfAnAccountComesBackWithAllItsAttributes() {
		listedWhole(this.sessions);
	}

	private void planHashJoins(boolean only) {
		for (String setting : List.of("enable_nestloop", "enable_mergejoin")) {
			this.jdbc.sql("alter role current_user " + (only ? "set " + setting + " = off" : "reset " + setting)).update();
		}
		this.pool.getHikariPoolMXBean().softEvictConnections();
	}

	private <S extends Session> void listedWhole(FindByIndexNameSessionRepository<S> store) {
		String principal = "store-test-" + UUID.randomUUID();
		List<S> saved = List.of(store.createSession(), store.createSession());
		for (S session : saved) {
			session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, principal);
			store.save(session);
		}
		// Saved one attribute at a time, in turn, so the two sessions' rows alternate on disk.
		for (int i = 0; i < 6; i++) {
			for (S session : saved) {
				session.setAttribute("attribute." + i, session.getId() + " " + i);
				store.save(session);
			}
		}

		Map<String, S> found;
		// The store reads in a transaction of its own, on a fresh connection, which then
		// plans a hash join: that reads the attributes in the order they lie on disk.
		planHashJoins(true);
		try {
			found = Map.copyOf(store.findByPrincipalName(principal));
		}
		finally {
			planHashJoins(false);
		}

		assertThat(found).containsOnlyKeys(saved.get(0).getId(), saved.get(1).getId());
		for (S session : saved) {
			for (int i = 0; i < 6; i++) {
				assertThat(found.get(session.getId()).<String>getAttribute("attribute." + i))
					.isEqualTo(session.getId() + " " + i);
			}
			store.deleteById(session.getId());
		}
	}

}
