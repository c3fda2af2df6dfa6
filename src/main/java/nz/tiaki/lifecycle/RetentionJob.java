package nz.tiaki.lifecycle;

import java.time.Clock;

import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;
import nz.tiaki.documents.Documents;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies the retention rules once a day, then completes any practice departure whose last
 * day has passed. With several nodes, one runs each and the others skip (PostgreSQL
 * advisory lock for retention; a lease on each departure).
 */
@Component
public class RetentionJob {

	private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

	private static final long LOCK = 7_265_746_1L;

	private final Documents documents;

	private final JdbcClient jdbc;

	private final AuditTrail audit;

	private final Clock clock;

	private final PracticeDepartures departures;

	RetentionJob(Documents documents, JdbcClient jdbc, AuditTrail audit, Clock clock, PracticeDepartures departures) {
		this.departures = departures;
		this.documents = documents;
		this.jdbc = jdbc;
		this.audit = audit;
		this.clock = clock;
	}

	@Scheduled(cron = "${tiaki.lifecycle.daily-at}", zone = "Pacific/Auckland")
	void daily() {
		run();
		try {
			long pruned = this.audit.pruneExpired("retention-job");
			if (pruned > 0) {
				log.info("Audit events past the retention period pruned: {}", pruned);
			}
		}
		catch (IllegalStateException ex) {
			log.error("Audit events were not pruned: the audit log does not verify");
		}
		this.departures.completeDue()
			.forEach((practice, outcome) -> log.info("Practice departure: complete={}, held patients={}",
					outcome.complete(), outcome.heldPatients()));
	}

	/**
	 * Applies the rules now, unless another node is already doing so.
	 * @return what was removed and held, or {@code null} when another node holds the run
	 */
	@Transactional
	public Documents.RetentionRun run() {
		Boolean mine = this.jdbc.sql("select pg_try_advisory_xact_lock(:lock)").param("lock", LOCK)
			.query(Boolean.class)
			.single();
		if (!Boolean.TRUE.equals(mine)) {
			return null;
		}
		Documents.RetentionRun run = this.documents.removeExpired(this.clock.instant());
		this.audit.record(SecurityEventType.RETENTION_APPLIED, null, null,
				"removed=" + run.removed() + " held=" + run.held());
		log.info("Retention applied: {} documents removed, {} due but held", run.removed(), run.held());
		return run;
	}

}
