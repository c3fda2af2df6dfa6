package nz.tiaki.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes a load run's figures as a Markdown table and two PNG charts, with the command
 * and the machine that produced them.
 */
final class LoadReport {

	private LoadReport() {
	}

	/**
	 * @param directory where {@code NAME.md}, {@code NAME-latency.png} and
	 * {@code NAME-throughput.png} go
	 * @param name the report's name ({@code load} unless another is asked for)
	 * @return the Markdown written
	 */
	static String write(Path directory, String name, List<LoadRun.Result> results, String command, String machine,
			String notes, java.util.Map<String, String> perScenario) throws IOException {
		Files.createDirectories(directory);
		Charts.latencies(results, directory.resolve(name + "-latency.png"));
		Charts.throughput(results, directory.resolve(name + "-throughput.png"));
		StringBuilder text = new StringBuilder();
		text.append("# HTTP load: patients, clinicians, apps and practice systems\n\n");
		text.append("Produced by\n\n    ").append(command).append("\n\n");
		text.append("Machine: ").append(machine).append("\n\n");
		text.append(notes).append("\n\n");
		for (LoadRun.Result result : results) {
			Measurements measured = result.measured();
			text.append("## ").append(result.scenario().name()).append("\n\n");
			text.append(capitalised(result.scenario().description())).append(".\n\n");
			text.append(String.format(Locale.ROOT, "%d users at once, measured for %.1f s after the warm-up.%n%n",
					measured.users(), measured.seconds()));
			table(text, measured);
			if (perScenario.containsKey(result.scenario().name())) {
				text.append('\n').append(perScenario.get(result.scenario().name())).append('\n');
			}
			if (!measured.unexpectedAnswers().isEmpty()) {
				text.append("\nUnexpected answers: ");
				measured.unexpectedAnswers()
					.forEach((answer, count) -> text.append(String.format(Locale.ROOT, "%s × %,d; ", answer, count)));
				text.setLength(text.length() - 2);
				text.append(".\n");
			}
			text.append("\nSet-up, once per user (all users at once):\n\n");
			table(text, result.setUp());
			text.append('\n');
		}
		text.append("![Latency per operation](" + name + "-latency.png)\n\n");
		text.append("![Requests completed per second](" + name + "-throughput.png)\n");
		Files.writeString(directory.resolve(name + ".md"), text.toString());
		return text.toString();
	}

	private static void table(StringBuilder text, Measurements measurements) {
		text.append("| operation | requests | errors | per second | p50 ms | p95 ms | p99 ms | max ms |\n");
		text.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
		long total = 0;
		for (Measurements.Row row : measurements.rows()) {
			total += row.count();
			text.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,.1f | %.1f | %.1f | %.1f | %.1f |%n",
					row.operation(), row.count(), row.errors(), row.perSecond(), row.p50(), row.p95(), row.p99(),
					row.max()));
		}
		text.append(String.format(Locale.ROOT, "| **all requests** | %,d | | %,.1f | | | | |%n", total,
				total / measurements.seconds()));
	}

	private static String capitalised(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

}
