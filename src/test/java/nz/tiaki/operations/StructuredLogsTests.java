package nz.tiaki.operations;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.records.Category;
import nz.tiaki.records.NewEntries;
import nz.tiaki.records.Records;
import nz.tiaki.shared.database.EmbeddedDatabase;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalProcess;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.Visitor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Structured logs: a portal started with {@code logging.structured.format.console=ecs} writes
 * every log line as one JSON object with its time, level, logger and message, through a
 * sign-in, record reads, a wrong password, a refused look at another patient and a missing
 * page — and no line, at debug level for Tiaki's own code, carries the patient's name, NHI,
 * e-mail address or clinical text (ASVS 5.0 V16.2.1 log format, V16.2.5 no sensitive data in
 * logs; HIPC rule 5).
 */
class StructuredLogsTests extends PortalTest {

	@Autowired
	private EmbeddedDatabase database;

	@Autowired
	private Records records;

	@Test
	void everyLineIsOneJsonObjectAndNoneCarriesPatientData() throws Exception {
		String marker = "Logcanary" + UUID.randomUUID().toString().substring(0, 8);
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount patient = this.fixtures.patientNamed(practice, marker, "Family" + marker);
		Fixtures.TestAccount other = this.fixtures.patient(practice);
		PatientId patientId = new PatientId(patient.holderId());
		this.records.add(Fixtures.staffSubject(doctor), patientId,
				NewEntries.build(Category.CONDITION, marker + " condition", marker + " detail", null, null, null, null));
		String nhi = this.fixtures.nhiOf(patientId);
		Path log = workDirectory().resolve("structured-" + marker + ".log");

		try (PortalProcess portal = new PortalProcess(this.database.port(), log,
				"--logging.structured.format.console=ecs", "--logging.level.nz.tiaki=debug")) {
			portal.start();
			Visitor me = new Visitor(portal.origin());
			assertThat(me.signIn(patient.username(), "not the password").redirect()).isEqualTo("/signin?error");
			assertThat(me.signIn(patient.username(), patient.password()).redirect()).isEqualTo("/signin/factor");
			assertThat(me.secondFactor(Fixtures.totp(patient.secret(), Instant.now().plusSeconds(30))).status())
				.isEqualTo(302);
			assertThat(me.get("/patient").body()).contains(marker);
			assertThat(me.get("/patient/health").body()).contains(marker + " condition");
			assertThat(me.get("/patient/no-such-page").status()).isEqualTo(404);
			Visitor nosy = new Visitor(portal.origin());
			nosy.signIn(other.username(), other.password());
			nosy.secondFactor(Fixtures.totp(other.secret(), Instant.now().plusSeconds(30)));
			assertThat(nosy.get("/practice/patients/" + patientId.value()).status()).isEqualTo(403);
			assertThat(nosy.postForm("/patient/messages/new", Map.of("subject", marker)).status())
				.as("a form without its token").isEqualTo(403);
		}

		ObjectMapper json = new ObjectMapper();
		List<String> notJson = new ArrayList<>();
		List<String> leaks = new ArrayList<>();
		int lines = 0;
		for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
			if (line.isBlank() || line.startsWith("OpenJDK 64-Bit Server VM warning")) {
				continue; // the JVM's own start-up notice, written before any logging exists
			}
			lines++;
			try {
				JsonNode node = json.readTree(line);
				boolean level = node.has("log.level") || node.path("log").has("level");
				if (!node.isObject() || !node.has("@timestamp") || !level || !node.has("message")) {
					notJson.add(line);
				}
			}
			catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
				notJson.add(line);
			}
			for (String secret : List.of(marker, nhi, patient.username())) {
				if (line.contains(secret)) {
					leaks.add(line);
				}
			}
		}
		assertThat(lines).as("the portal logged").isGreaterThan(10);
		assertThat(notJson).as("lines that are not one JSON log object").isEmpty();
		assertThat(leaks).as("lines with the patient's data").isEmpty();
	}

}
