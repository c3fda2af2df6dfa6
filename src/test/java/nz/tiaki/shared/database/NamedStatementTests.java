package nz.tiaki.shared.database;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nz.tiaki.support.PortalTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A statement turned into the driver's positional form once binds each run's values by
 * name, wherever and however often a name appears, and refuses to run without a value for
 * every name rather than bind a missing one as {@code null}.
 */
class NamedStatementTests extends PortalTest {

	@Autowired
	private JdbcTemplate jdbc;

	private static final NamedStatement STATEMENT = new NamedStatement("""
			select cast(:a as text) as a, cast(:b as uuid) as b, cast(:a as text) || '/' || :c::text as again,
			  ':not_a_parameter' as quoted
			""");

	@Test
	void eachNameIsBoundAtEveryPlaceItAppearsOnEveryRun() {
		for (String a : List.of("first", "second")) {
			UUID b = UUID.randomUUID();
			List<List<String>> rows = STATEMENT.query(this.jdbc, Map.of("a", a, "b", b, "c", "c-" + a),
					(rs, n) -> List.of(rs.getString("a"), rs.getString("b"), rs.getString("again"), rs.getString("quoted")));
			assertThat(rows).containsExactly(List.of(a, b.toString(), a + "/c-" + a, ":not_a_parameter"));
		}
	}

	@Test
	void nullsAreBoundWithTheTypeGiven() {
		Map<String, Object> params = new HashMap<>();
		params.put("a", Typed.text(null));
		params.put("b", Typed.uuid(null));
		params.put("c", "x");
		List<Boolean> rows = STATEMENT.query(this.jdbc, params,
				(rs, n) -> rs.getString("a") == null && rs.getString("b") == null && rs.getString("again") == null);
		assertThat(rows).containsExactly(true);
	}

	@Test
	void aNameWithoutAValueIsRefusedBeforeTheDatabaseIsAsked() {
		JdbcTemplate nowhere = new JdbcTemplate();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> STATEMENT.query(nowhere, Map.of("a", "x", "b", UUID.randomUUID()), (rs, n) -> 1))
			.withMessageContaining("parameter c");
	}

}
