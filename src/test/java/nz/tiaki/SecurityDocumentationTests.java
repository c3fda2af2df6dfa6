package nz.tiaki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code docs/security.md} true: it is made from the requirements each test class
 * names in its documentation (ASVS 5.0, OWASP API Security Top 10, HIPAA 164.3xx, HIPC
 * rules). When the file on disk differs, the test writes the new one and fails, so a stale
 * file never passes.
 */
class SecurityDocumentationTests {

	private static final Pattern JAVADOC = Pattern.compile("/\\*\\*(.*?)\\*/\\s*(?:@[^\\n]*\\n\\s*)*(?:public\\s+)?(?:abstract\\s+)?class\\s+(\\w+)",
			Pattern.DOTALL);

	private static final Pattern ASVS = Pattern.compile("ASVS 5\\.0 ((?:V[\\d.]*\\d(?:, )?)+)");

	private static final Pattern API = Pattern.compile("API Security Top 10 ((?:API\\d+(?:, | and )?)+)");

	private static final Pattern HIPAA = Pattern.compile("HIPAA ((?:164\\.\\d+(?:\\([a-z0-9]+\\))+(?:, )?)+)");

	private static final Pattern HIPC = Pattern.compile("HIPC rule (\\d+)(?: and (\\d+))?");

	@Test
	void theSecurityDocumentListsEveryRequirementAndTheTestsThatProveIt() throws IOException {
		Map<String, TreeSet<String>> proofs = new TreeMap<>(SecurityDocumentationTests::order);
		List<Path> sources;
		try (Stream<Path> walk = Files.walk(Path.of("src/test/java"))) {
			sources = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
		}
		for (Path source : sources) {
			Matcher doc = JAVADOC.matcher(Files.readString(source, StandardCharsets.UTF_8));
			if (!doc.find()) {
				continue;
			}
			String text = doc.group(1).replaceAll("\\s*\\n\\s*\\*\\s?", " ");
			String test = Path.of("src/test/java").relativize(source).toString().replace(".java", "");
			String summary = text.strip().split("(?<=\\.) ")[0];
			String line = "`" + test + "`: " + summary;
			for (String requirement : requirements(text)) {
				proofs.computeIfAbsent(requirement, k -> new TreeSet<>()).add(line);
			}
		}
		StringBuilder out = new StringBuilder();
		out.append("# Security requirements and the tests that prove them\n\n");
		out.append("Made by `SecurityDocumentationTests` from the requirements each test names; do not edit by hand.\n");
		out.append("Run `./mvnw verify` to refresh it.\n");
		String group = "";
		for (Map.Entry<String, TreeSet<String>> entry : proofs.entrySet()) {
			String heading = entry.getKey().startsWith("ASVS") ? "OWASP ASVS 5.0"
					: entry.getKey().startsWith("API") ? "OWASP API Security Top 10 (2023)"
							: entry.getKey().startsWith("HIPAA") ? "HIPAA Security Rule" : "NZ Health Information Privacy Code 2020";
			if (!heading.equals(group)) {
				out.append("\n## ").append(heading).append("\n");
				group = heading;
			}
			out.append("\n### ").append(entry.getKey()).append("\n\n");
			entry.getValue().forEach(proof -> out.append("- ").append(proof).append('\n'));
		}
		Path file = Path.of("docs/security.md");
		String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
		if (!existing.equals(out.toString())) {
			Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
		}
		assertThat(proofs).as("requirements named by tests").isNotEmpty();
		assertThat(existing).as("docs/security.md was stale and has been rewritten; commit it").isEqualTo(out.toString());
	}

	static List<String> requirements(String text) {
		List<String> found = new ArrayList<>();
		Matcher asvs = ASVS.matcher(text);
		while (asvs.find()) {
			for (String item : asvs.group(1).split(", ")) {
				found.add("ASVS " + item.strip());
			}
		}
		Matcher api = API.matcher(text);
		while (api.find()) {
			for (String item : api.group(1).split(", | and ")) {
				found.add(item.strip());
			}
		}
		Matcher hipaa = HIPAA.matcher(text);
		while (hipaa.find()) {
			for (String item : hipaa.group(1).split(", ")) {
				found.add("HIPAA " + item.strip());
			}
		}
		Matcher hipc = HIPC.matcher(text);
		while (hipc.find()) {
			found.add("HIPC rule " + hipc.group(1));
			if (hipc.group(2) != null) {
				found.add("HIPC rule " + hipc.group(2));
			}
		}
		return found;
	}

	private static int order(String a, String b) {
		int groupA = a.startsWith("ASVS") ? 0 : a.startsWith("API") ? 1 : a.startsWith("HIPAA") ? 2 : 3;
		int groupB = b.startsWith("ASVS") ? 0 : b.startsWith("API") ? 1 : b.startsWith("HIPAA") ? 2 : 3;
		if (groupA != groupB) {
			return Integer.compare(groupA, groupB);
		}
		return naturally(a, b);
	}

	private static int naturally(String a, String b) {
		String[] x = a.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
		String[] y = b.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
		for (int i = 0; i < Math.min(x.length, y.length); i++) {
			int c = x[i].chars().allMatch(Character::isDigit) && y[i].chars().allMatch(Character::isDigit)
					? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i])) : x[i].compareTo(y[i]);
			if (c != 0) {
				return c;
			}
		}
		return Integer.compare(x.length, y.length);
	}

}
