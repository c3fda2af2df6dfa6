package nz.tiaki.patients;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * NHI validation per HISO 10046, old and new formats.
 */
class NhiTest {

	@ParameterizedTest
	@ValueSource(strings = { "WLD9413", "ZAC5361", "ZSC21TN", "ZBN77VL", "zsc21tn", "ZAT1074" })
	void validNumbersAreAccepted(String value) {
		assertThat(Nhi.parse(value).value()).isEqualTo(value.toUpperCase());
	}

	@ParameterizedTest
	@CsvSource({ "ZZZ0044,check digit", "ZZZ00AA,check letter", "ZAC5362,check digit", "ZIC5361,I or O",
			"ZOC5361,I or O", "ZAC536,7 characters", "ZAC53611,7 characters", "1AC5361,three letters",
			"ZACA361,digits", "ZAC53A1,must be letters", "ZAC5361A,7 characters", "ZAC536A,mixes", "'',7 characters" })
	void invalidNumbersAreRefusedNamingTheProblem(String value, String problem) {
		assertThatThrownBy(() -> Nhi.parse(value)).isInstanceOf(Nhi.InvalidNhi.class).hasMessageContaining(problem);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ZAC5\u066361", "ZAC\uff15361", "ZBN\u0967\u0967VL" })
	void digitsFromOtherScriptsAreRefused(String value) {
		assertThatThrownBy(() -> Nhi.parse(value)).isInstanceOf(Nhi.InvalidNhi.class);
	}

}
