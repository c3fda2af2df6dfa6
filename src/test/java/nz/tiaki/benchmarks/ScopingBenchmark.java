package nz.tiaki.benchmarks;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import nz.tiaki.incidents.Exposure;
import nz.tiaki.incidents.Incidents;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Breach scoping over a large audit log: a generator fills the log with {@code events}
 * access decisions (50,000 sessions, 2,000 accounts, 200,000 patients, 90 days) with
 * PostgreSQL's own generate_series, then each operation scopes what one suspect session,
 * one suspect account, or one source address received in a 30-day window. Run with
 * {@code scripts/benchmark Scoping -f 1 -wi 1 -i 5 -w 1 -r 1 -bm ss} (single shots; the
 * generator reports its own load rate).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScopingBenchmark {

	@Param("10000000")
	public int events;

	private ConfigurableApplicationContext portal;

	private Incidents incidents;

	private Instant from;

	private Instant to;

	private int probe;

	@Setup(Level.Trial)
	public void generate() {
		this.portal = BenchmarkPortal.start("--tiaki.audit.seal-interval=1h");
		this.incidents = this.portal.getBean(Incidents.class);
		JdbcTemplate jdbc = this.portal.getBean(JdbcTemplate.class);
		double seconds = AuditGenerator.generate(jdbc, this.events);
		System.out.printf("%ngenerator: %,d audit events in %.1f s (%,.0f events/s)%n", this.events, seconds,
				this.events / seconds);
		this.to = Instant.now().plus(1, ChronoUnit.HOURS);
		this.from = this.to.minus(30, ChronoUnit.DAYS);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.portal.close();
	}

	@Benchmark
	public Exposure scopeOneSession() {
		this.probe++;
		return this.incidents.scope(new nz.tiaki.incidents.Scope(Set.of(), Set.of("s" + (this.probe * 37 % 50000)),
				Set.of(), this.from, this.to));
	}

	@Benchmark
	public Exposure scopeOneAccount() {
		this.probe++;
		return this.incidents.scope(new nz.tiaki.incidents.Scope(
				Set.of(UUID.fromString("00000000-0000-0000-0000-" + String.format("%012x", this.probe * 13 % 2000))),
				Set.of(), Set.of(), this.from, this.to));
	}

	@Benchmark
	public Exposure scopeOneAddressRange() {
		this.probe++;
		int g = this.probe * 101;
		return this.incidents.scope(new nz.tiaki.incidents.Scope(Set.of(), Set.of(),
				Set.of("10." + (g % 250) + "." + (g % 200) + ".0/24"), this.from, this.to));
	}

	@Benchmark
	public Exposure scopeOneAddress() {
		this.probe++;
		int g = this.probe * 101;
		return this.incidents.scope(new nz.tiaki.incidents.Scope(Set.of(), Set.of(),
				Set.of("10." + (g % 250) + "." + (g % 200) + "." + (g % 100)), this.from, this.to));
	}

}
