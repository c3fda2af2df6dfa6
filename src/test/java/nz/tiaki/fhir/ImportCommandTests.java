package nz.tiaki.fhir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import nz.tiaki.patients.Nhi;
import nz.tiaki.patients.Patients;
import nz.tiaki.shared.command.Command;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's import of bundle files: a synthetic patient from Synthea (trimmed, checked
 * in under {@code src/test/resources/synthea/}) is given a test NHI, validated, imported
 * with progress reported, and a second run adds nothing (FHIR R4 transaction; HISO 10046 test
 * numbers).
 */
class ImportCommandTests extends PortalTest {

	@Autowired
	@Qualifier("importBundles")
	private Command importBundles;

	@Autowired
	private Patients patients;

	@Test
	void aSyntheticPatientIsImportedOnceWithProgressShown() throws Exception {
		Fixtures.TestPractice practice = this.fixtures.practice();
		String file = "src/test/resources/synthea/billie-trimmed.json";

		ByteArrayOutputStream first = new ByteArrayOutputStream();
		int status = this.importBundles.run(List.of(practice.id().value().toString(), "synthetic", file),
				new PrintStream(first, true, StandardCharsets.UTF_8));
		String said = first.toString(StandardCharsets.UTF_8);
		assertThat(status).as(said).isZero();
		assertThat(said).contains("[1/1] billie-trimmed.json: 16 added, 0 already there")
			.contains("16 resources added");

		String nhi = FhirCommands.testNhi("urn:uuid:ba2c8839-0204-b6ef-2b6e-8d32c7339a24");
		var patient = this.patients.findByNhi(Nhi.parse(nhi));
		assertThat(patient).isPresent();
		assertThat(this.jdbc.sql("select count(*) from clinical_entry where patient_id = :p")
			.param("p", patient.get().value())
			.query(Integer.class)
			.single()).isEqualTo(15);

		ByteArrayOutputStream second = new ByteArrayOutputStream();
		this.importBundles.run(List.of(practice.id().value().toString(), "synthetic", file),
				new PrintStream(second, true, StandardCharsets.UTF_8));
		assertThat(second.toString(StandardCharsets.UTF_8)).contains("0 added, 16 already there");
	}

	@Test
	void aTestNhiIsAlwaysValid() {
		for (int i = 0; i < 2_000; i++) {
			Nhi.parse(FhirCommands.testNhi("seed-" + i));
		}
	}

}
