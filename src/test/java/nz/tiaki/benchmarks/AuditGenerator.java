package nz.tiaki.benchmarks;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fills {@code audit_event} with synthetic access decisions by PostgreSQL's own
 * {@code generate_series}, a million rows a statement: over 90 days, from 50,000 sessions and
 * 2,000 accounts, touching 200,000 patients and 500,000 documents, one in seventeen refused.
 * Every id is synthetic; no row names anyone.
 */
final class AuditGenerator {

	private AuditGenerator() {
	}

	/**
	 * @param jdbc the schema owner's connection
	 * @param events how many
	 * @return how long it took, in seconds
	 */
	static double generate(JdbcTemplate jdbc, int events) {
		long started = System.nanoTime();
		int batch = 1_000_000;
		for (int done = 0; done < events; done += batch) {
			int upTo = Math.min(events, done + batch);
			jdbc.update("""
					insert into audit_event (occurred_at, category, event_type, account_id, actor_kind, actor_id,
					  patient_id, action, purpose, decision, reason, object_ref, session_ref, source_address)
					select now() - (g % 7776000) * interval '1 second', 'ACCESS', 'ACCESS_DECISION',
					  ('00000000-0000-0000-0000-' || lpad(to_hex(g % 2000), 12, '0'))::uuid, 'PATIENT',
					  ('00000000-0000-0000-0001-' || lpad(to_hex(g % 2000), 12, '0'))::uuid,
					  ('00000000-0000-0000-0002-' || lpad(to_hex((g * 7919) % 200000), 12, '0'))::uuid,
					  case when g % 3 = 0 then 'READ_DOCUMENT' else 'READ_SUMMARY' end, 'SELF_SERVICE',
					  case when g % 17 = 0 then 'DENY' else 'ALLOW' end, 'self',
					  case when g % 3 = 0 then 'download:' || ('00000000-0000-0000-0003-' || lpad(to_hex(g % 500000), 12, '0')) end,
					  's' || (g % 50000), '10.' || (g % 250) || '.' || (g % 200) || '.' || (g % 100)
					from generate_series(?::bigint, ?::bigint) g
					""", done, upTo - 1);
			System.out.printf("%n  generated %,d of %,d events%n", upTo, events);
		}
		jdbc.execute("analyze audit_event");
		return (System.nanoTime() - started) / 1e9;
	}

}
