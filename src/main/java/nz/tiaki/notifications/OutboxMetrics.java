package nz.tiaki.notifications;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The outbox's depth, read when metrics are collected: e-mails written but not yet
 * delivered. A depth that only grows means the mail server is out of reach.
 */
@Component
class OutboxMetrics implements MeterBinder {

	private final JdbcClient jdbc;

	OutboxMetrics(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("tiaki.outbox.pending", this, OutboxMetrics::pending)
			.description("e-mails in the outbox not yet delivered")
			.register(registry);
	}

	private double pending() {
		return this.jdbc.sql("select count(*) from outbox_message where sent_at is null").query(Long.class).single();
	}

}
