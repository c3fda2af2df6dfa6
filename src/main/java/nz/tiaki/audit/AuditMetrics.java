package nz.tiaki.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How far the audit chain is behind the events appended: read when metrics are collected.
 * Event ids come from a sequence, so a rolled-back append leaves a gap and the figure is an
 * upper bound; it should stay near zero and never grow for long. And how many ids the
 * sealer's look-back for late events covers: a few seconds' worth, unless a transaction has
 * been left open.
 */
@Component
class AuditMetrics implements MeterBinder {

	private final JdbcClient jdbc;

	AuditMetrics(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("tiaki.audit.unsealed", this, AuditMetrics::unsealed)
			.description("audit events appended but not yet in the hash chain (at most)")
			.register(registry);
		Gauge.builder("tiaki.audit.unsettled", this, AuditMetrics::unsettled)
			.description("event ids the sealer still looks back over for late events; grows while a transaction stays open")
			.register(registry);
	}

	private double unsettled() {
		Long behind = this.jdbc.sql("""
				select coalesce((select max(event_id) from audit_chain), 0)
				     - (select settled_through from audit_settled)
				""").query(Long.class).single();
		return Math.max(0, behind);
	}

	private double unsealed() {
		Long behind = this.jdbc.sql("""
				select coalesce((select max(id) from audit_event), 0)
				     - coalesce((select max(event_id) from audit_chain), 0)
				""").query(Long.class).single();
		return Math.max(0, behind);
	}

}
