package nz.tiaki.identity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.OptionalLong;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What people type as an authenticator code and an invitation code, fuzzed (Jazzer): a code
 * is accepted only when, without spaces and hyphens, it is exactly one of the three codes
 * valid around now; an invitation code's digest ignores case, spaces and hyphens and never
 * fails on any text. Runs its seeds in every build; fuzz for real with
 * {@code JAZZER_FUZZ=1 ./mvnw test -Dtest=SecondFactorInputFuzzTest} (ASVS 5.0 V6.5; RFC
 * 6238).
 */
class SecondFactorInputFuzzTest {

	private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

	private final Totp totp = new Totp();

	@FuzzTest(maxDuration = "30s")
	void onlyACurrentCodeIsAccepted(FuzzedDataProvider data) {
		long second = 1_700_000_000L + data.consumeInt(0, 1_000_000);
		boolean real = data.consumeBoolean();
		String typed = data.consumeRemainingAsString();
		Instant now = Instant.ofEpochSecond(second);
		long step = second / Totp.STEP.getSeconds();
		if (real) {
			typed = this.totp.codeAt(SECRET, step) + (typed.length() > 3 ? typed.substring(0, 3) : "");
		}
		OptionalLong matched = this.totp.matchingStep(SECRET, typed, now);
		String bare = typed == null ? "" : typed.replaceAll("[\\s-]", "");
		boolean expected = false;
		for (long s = step - 1; s <= step + 1; s++) {
			expected |= this.totp.codeAt(SECRET, s).equals(bare);
		}
		assertThat(matched.isPresent()).as("typed %s", typed).isEqualTo(expected);
		if (matched.isPresent()) {
			assertThat(matched.getAsLong()).isBetween(step - 1, step + 1);
			assertThat(bare).matches("[0-9]{6}");
		}
	}

	@FuzzTest(maxDuration = "30s")
	void anInvitationCodeDigestIgnoresCaseSpacesAndHyphens(FuzzedDataProvider data) {
		String code = data.consumeRemainingAsString();
		byte[] digest = Invitations.digest(code);
		assertThat(digest).hasSize(32);
		String variant = code.toLowerCase(java.util.Locale.ROOT).replace("-", " - ");
		if (variant.toUpperCase(java.util.Locale.ROOT).replaceAll("[\\s-]", "")
			.equals(code.toUpperCase(java.util.Locale.ROOT).replaceAll("[\\s-]", ""))) {
			assertThat(Arrays.equals(Invitations.digest(variant), digest)).as("variant of %s", code).isTrue();
		}
	}

}
