package nz.tiaki.load;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import nz.tiaki.support.PortalTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load harness itself, run small against the test portal so it cannot quietly rot:
 * every scenario's users set up and complete their iterations without a single unexpected
 * answer, and the report and its charts are written.
 */
class LoadHarnessTests extends PortalTest {

	private static final int USERS = 2;

	private static final int ITERATIONS = 2;

	@Autowired
	private ApplicationContext portal;

	@Test
	void everyScenarioRunsWithoutErrorsAndTheReportIsWritten() throws Exception {
		System.setProperty("java.awt.headless", "true");
		Population population = Population.seed(this.portal, this.fixtures, this.clock, USERS, USERS, USERS,
				(what, done, of) -> {
				});
		List<LoadRun.Result> results = new ArrayList<>();
		for (Scenarios.Scenario scenario : List.of(Scenarios.patients(ORIGIN, population),
				Scenarios.clinicians(ORIGIN, population), Scenarios.fhirApps(ORIGIN, population),
				Scenarios.practiceSystems(ORIGIN, population))) {
			results.add(LoadRun.run(scenario, USERS, Duration.ZERO, null, ITERATIONS));
		}

		for (LoadRun.Result result : results) {
			assertThat(result.setUp().rows()).as(result.scenario().name() + " set-up")
				.isNotEmpty()
				.allSatisfy((row) -> assertThat(row.errors()).as(row.operation()).isZero())
				.allSatisfy((row) -> assertThat(row.count()).as(row.operation()).isEqualTo(USERS));
			assertThat(result.measured().rows()).as(result.scenario().name())
				.isNotEmpty()
				.allSatisfy((row) -> assertThat(row.errors()).as(row.operation()).isZero())
				.allSatisfy((row) -> assertThat(row.count()).as(row.operation()).isEqualTo(USERS * ITERATIONS))
				.allSatisfy((row) -> assertThat(row.p99()).as(row.operation()).isPositive());
		}
		assertThat(results.get(0).measured().rows()).extracting(Measurements.Row::operation)
			.containsExactly("summary page", "results list", "one result", "documents list", "download");

		Path out = workDirectory().resolve("load-report");
		String report = LoadReport.write(out, "load", results, "scripts/load (test)", LoadHarness.machine("test"), "",
				java.util.Map.of("patient", "Database work per request: measured in the harness."));
		assertThat(report).contains("Database work per request: measured in the harness.").contains("## patient", "## clinician", "## fhir-app", "## pms-import", "| download | 4 | 0 |");
		for (String chart : List.of("load-latency.png", "load-throughput.png")) {
			BufferedImage image = ImageIO.read(Files.newInputStream(out.resolve(chart)));
			assertThat(image).as(chart).isNotNull();
			assertThat(image.getWidth()).isEqualTo(1100);
		}
	}

}
