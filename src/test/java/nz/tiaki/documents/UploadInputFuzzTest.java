package nz.tiaki.documents;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an upload carries, fuzzed (Jazzer): for any bytes at all the file check either
 * accepts a PDF, JPEG or PNG with content, or refuses with a plain reason — never any other
 * failure; for any file name the stored name has no path, no control or shell characters,
 * no leading dot, a bounded length and the extension of the real type. Runs its seeds in
 * every build; fuzz for real with {@code JAZZER_FUZZ=1 ./mvnw test -Dtest=UploadInputFuzzTest}
 * (ASVS 5.0 V5.2.2, V5.3.2; API Security Top 10 API8).
 */
class UploadInputFuzzTest {

	private final FileInspector inspector = new FileInspector(50, 4_000_000);

	@FuzzTest(maxDuration = "60s")
	void anyFileIsAcceptedAsWhatItIsOrRefusedPlainly(byte[] content) {
		try {
			FileInspector.Inspected clean = this.inspector.inspect(content);
			assertThat(FileInspector.ACCEPTED).contains(clean.mediaType());
			assertThat(clean.content()).isNotEmpty();
		}
		catch (DocumentRejected ex) {
			assertThat(ex.getMessage()).isNotBlank().doesNotContain("Exception");
		}
	}

	@FuzzTest(maxDuration = "30s")
	void anyNameBecomesASafeName(FuzzedDataProvider data) {
		String type = data.pickValue(new String[] { "application/pdf", "image/jpeg", "image/png" });
		String given = data.consumeRemainingAsString();
		String safe = Documents.safeFilename(given, type);
		String extension = switch (type) {
			case "application/pdf" -> ".pdf";
			case "image/jpeg" -> ".jpg";
			default -> ".png";
		};
		assertThat(safe).endsWith(extension)
			.doesNotContain("/", "\\", "\"", "<", ">", "|", ":", "*", "?", ";")
			.doesNotStartWith(".")
			.hasSizeLessThanOrEqualTo(100 + extension.length());
		assertThat(safe.chars().noneMatch(Character::isISOControl)).as("control characters in %s", safe).isTrue();
		assertThat(safe.substring(0, safe.length() - extension.length())).isNotBlank();
	}

}
