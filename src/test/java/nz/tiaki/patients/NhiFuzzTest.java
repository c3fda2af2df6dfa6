package nz.tiaki.patients;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NHI validator fuzzed (Jazzer) against a second, independent reading of HISO 10046:
 * for any text at all, {@link Nhi#parse} either accepts exactly what the reference accepts
 * — in capitals, unchanged by a second parse — or refuses with a message naming the
 * problem; it never fails any other way. Runs its seeds as a regression test in every
 * build; fuzz for real with {@code JAZZER_FUZZ=1 ./mvnw test -Dtest=NhiFuzzTest}
 * (HISO 10046:2023; OWASP ASVS 5.0 V2.2).
 */
class NhiFuzzTest {

	private static final String LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";

	@FuzzTest(maxDuration = "30s")
	void parsingAgreesWithTheStandard(FuzzedDataProvider data) {
		String typed = data.consumeRemainingAsString();
		String normalised = typed == null ? "" : typed.replace(" ", "").toUpperCase(java.util.Locale.ROOT);
		boolean valid = reference(normalised);
		try {
			Nhi nhi = Nhi.parse(typed);
			assertThat(valid).as("accepted %s", normalised).isTrue();
			assertThat(nhi.value()).isEqualTo(normalised).matches("[A-HJ-NP-Z]{3}[0-9]{2}([0-9]{2}|[A-HJ-NP-Z]{2})");
			assertThat(Nhi.parse(nhi.value())).isEqualTo(nhi);
		}
		catch (Nhi.InvalidNhi ex) {
			assertThat(valid).as("refused %s", normalised).isFalse();
			assertThat(ex.getMessage()).isNotBlank();
			if (normalised.length() >= 4) {
				assertThat(ex.getMessage()).as("the message does not repeat what was typed").doesNotContain(normalised);
			}
		}
	}

	/**
	 * HISO 10046 read afresh: letters A–Z without I and O count 1 to 24; weights 7, 6, 5, 4,
	 * 3, 2 over the first six characters; the old format (three letters, four digits) ends in
	 * (11 − sum mod 11) mod 10, never with sum mod 11 = 0; the new format (three letters, two
	 * digits, two letters) ends in the letter counting 23 − sum mod 23.
	 */
	static boolean reference(String value) {
		boolean oldFormat = value.matches("[A-HJ-NP-Z]{3}[0-9]{4}");
		boolean newFormat = value.matches("[A-HJ-NP-Z]{3}[0-9]{2}[A-HJ-NP-Z]{2}");
		if (!oldFormat && !newFormat) {
			return false;
		}
		int[] weights = { 7, 6, 5, 4, 3, 2 };
		int sum = 0;
		for (int i = 0; i < 6; i++) {
			char c = value.charAt(i);
			int worth = c >= '0' && c <= '9' ? c - '0' : LETTERS.indexOf(c) + 1;
			sum += worth * weights[i];
		}
		if (oldFormat) {
			int remainder = sum % 11;
			return remainder != 0 && (11 - remainder) % 10 == value.charAt(6) - '0';
		}
		return LETTERS.indexOf(value.charAt(6)) + 1 == 23 - sum % 23;
	}

}
