package nz.tiaki.clinics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Health Provider Index identifiers are checked before they are kept: organisation and
 * facility ids by format and check letter (the published modulus-11 rule, against
 * identifiers published in HPI examples), CPNs by format; each refusal names the problem
 * (HISO 10005; FHIR NZ Base hpi-person-id, hpi-organisation-id, hpi-facility-id).
 */
class HpiTests {

	@Test
	void publishedOrganisationAndFacilityIdsPassTheirCheckLetter() {
		assertThat(Hpi.organisationId("G00001-G")).isEqualTo("G00001-G");
		assertThat(Hpi.organisationId("G0M086-B")).isEqualTo("G0M086-B");
		assertThat(Hpi.organisationId(" gzz991-d ")).as("typed in lower case with spaces").isEqualTo("GZZ991-D");
		assertThat(Hpi.facilityId("F04066-D")).isEqualTo("F04066-D");
		assertThat(Hpi.facilityId("FZZ999-B")).isEqualTo("FZZ999-B");
	}

	@Test
	void aWrongCheckLetterOrShapeIsRefusedByName() {
		assertThatThrownBy(() -> Hpi.organisationId("G00001-E")).hasMessage(
				"This is not a valid HPI organisation id: its check letter does not match.");
		assertThatThrownBy(() -> Hpi.facilityId("F04066-E")).hasMessage(
				"This is not a valid HPI facility id: its check letter does not match.");
		assertThatThrownBy(() -> Hpi.organisationId("G0O086-B")).hasMessage(
				"An HPI organisation id never uses the letters I or O.");
		assertThatThrownBy(() -> Hpi.organisationId("F04066-D")).as("a facility id is not an organisation's")
			.hasMessageStartingWith("An HPI organisation id is G,");
		assertThatThrownBy(() -> Hpi.facilityId("F0406-D")).hasMessageStartingWith("An HPI facility id is F,");
		assertThatThrownBy(() -> Hpi.facilityId(null)).hasMessageStartingWith("An HPI facility id is F,");
	}

	@Test
	void aCommonPersonNumberIsTwoDigitsAndFourLetters() {
		assertThat(Hpi.personId("99ZZZS")).isEqualTo("99ZZZS");
		assertThat(Hpi.personId("99zz fx")).isEqualTo("99ZZFX");
		assertThatThrownBy(() -> Hpi.personId("9ZZZZS")).hasMessageStartingWith("An HPI number (CPN) is two digits");
		assertThatThrownBy(() -> Hpi.personId("99ZZIS")).hasMessage("An HPI number (CPN) never uses the letters I or O.");
		assertThatThrownBy(() -> Hpi.personId("ZAA0024")).as("an NHI is not a CPN")
			.hasMessageStartingWith("An HPI number (CPN) is two digits");
	}

}
