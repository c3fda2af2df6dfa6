package nz.tiaki.notifications;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every e-mail reads as plain text: filled in, no placeholder is left, no line carries the
 * source's indentation, and none is longer than a mail reader shows comfortably.
 */
class TemplateTests {

	private static final Pattern NAME = Pattern.compile("\\{([a-z]+)}");

	@Test
	void everyTemplateFillsInToPlainLines() {
		for (Template template : Template.values()) {
			Map<String, String> values = new HashMap<>();
			Matcher names = NAME.matcher(template.body(Map.of()));
			while (names.find()) {
				values.put(names.group(1), "value");
			}
			String body = template.body(values);
			assertThat(body).as(template.name()).doesNotContain("\t").doesNotContainPattern("\\{[a-z]+}");
			assertThat(body.lines()).as(template.name()).allSatisfy(line -> assertThat(line).doesNotStartWith(" "));
			assertThat(template.subject()).as(template.name()).isNotBlank().doesNotContain("{");
		}
	}

}
