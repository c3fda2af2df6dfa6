package nz.tiaki.fhir;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import ca.uhn.fhir.context.FhirContext;
import com.nimbusds.jose.jwk.RSAKey;
import nz.tiaki.apps.Apps;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.records.Category;
import nz.tiaki.records.EntryId;
import nz.tiaki.records.NewEntries;
import nz.tiaki.records.Records;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.SmartApp;
import nz.tiaki.support.Visitor;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FHIR Bulk Data export for a practice's system: asynchronous kick-off, a manifest, ndjson
 * files holding exactly that practice's patients, every read through the gate and recorded
 * under the system's grant; no one else's token opens the job (FHIR Bulk Data Access 2.0;
 * SMART Backend Services; HIPC rule 5).
 */
class BulkExportTests extends PortalTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private Apps apps;

	@Autowired
	private Records records;

	private Fixtures.TestPractice practice;

	private PatientId first;

	private PatientId second;

	private PatientId elsewhere;

	private SmartApp system;

	private String token;

	@BeforeEach
	void practiceWithASystem() {
		this.practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(this.practice, StaffRole.DOCTOR);
		this.first = new PatientId(this.fixtures.patient(this.practice).holderId());
		this.second = new PatientId(this.fixtures.patient(this.practice).holderId());
		Fixtures.TestPractice other = this.fixtures.practice();
		this.elsewhere = new PatientId(this.fixtures.patient(other).holderId());
		for (PatientId patient : List.of(this.first, this.second)) {
			EntryId result = this.records.add(Fixtures.staffSubject(doctor), patient,
					NewEntries.build(Category.RESULT, "HbA1c", "", "48", "mmol/mol", "20", "41"));
			this.records.release(Fixtures.staffSubject(doctor), result);
		}
		Fixtures.TestAccount otherDoctor = this.fixtures.staff(other, StaffRole.DOCTOR);
		this.records.add(Fixtures.staffSubject(otherDoctor), this.elsewhere,
				NewEntries.build(Category.RESULT, "Elsewhere result", "", "1", "g/L", "", ""));
		RSAKey key = SmartApp.newKey();
		String clientId = this.apps.registerPracticeSystem(this.practice.id(), "Export PMS", key.toPublicJWK().toJSONString());
		this.system = new SmartApp(ORIGIN, clientId);
		this.token = this.system.systemToken(key, "system/*.rs").accessToken();
	}

	@Test
	void aPracticeSystemExportsExactlyItsOwnPatients() {
		Visitor.Page kickOff = get("/fhir/$export?_type=Patient,Observation", this.token, true);
		assertThat(kickOff.status()).isEqualTo(202);
		String status = kickOff.header("Content-Location");
		assertThat(status).startsWith(ORIGIN + "/fhir/$export-poll-status?_jobId=");

		Visitor.Page manifest = get(status.substring(ORIGIN.length()), this.token, false);
		assertThat(manifest.status()).isEqualTo(200);
		JsonNode body = JSON.readTree(manifest.body());
		assertThat(body.get("requiresAccessToken").asBoolean()).isTrue();
		assertThat(body.get("output")).hasSize(2);

		Set<String> ours = Set.of(this.first.value().toString(), this.second.value().toString());
		String patientsUrl = body.get("output").get(0).get("url").asString();
		List<Resource> patients = ndjson(get(patientsUrl.substring(ORIGIN.length()), this.token, false));
		assertThat(patients).extracting(r -> r.getIdElement().getIdPart()).containsExactlyInAnyOrderElementsOf(ours);
		assertThat(patients).allMatch(Patient.class::isInstance);

		String observationsUrl = body.get("output").get(1).get("url").asString();
		List<Resource> observations = ndjson(get(observationsUrl.substring(ORIGIN.length()), this.token, false));
		assertThat(observations).hasSize(2)
			.extracting(r -> ((Observation) r).getSubject().getReferenceElement().getIdPart())
			.containsExactlyInAnyOrderElementsOf(ours);

		assertThat(this.jdbc.sql("""
				select count(distinct patient_id) from audit_event
				where session_ref like 'app:%' and decision = 'ALLOW' and action = 'READ_RESULTS'
				and patient_id in (:first, :second, :elsewhere)
				""")
			.param("first", this.first.value())
			.param("second", this.second.value())
			.param("elsewhere", this.elsewhere.value())
			.query(Integer.class)
			.single()).as("each patient's results read through the gate, under the system's grant").isEqualTo(2);
	}

	@Test
	void anExportMustBeAsynchronousAndOnlyForAPracticeSystem() {
		assertThat(get("/fhir/$export", this.token, false).status()).isEqualTo(400);
		assertThat(get("/fhir/$export?_type=Binary", this.token, true).status()).isEqualTo(400);
		SmartApp patientApp = new SmartApp(ORIGIN, this.apps.registerPatientApp("Patient app", List.of(SmartApp.REDIRECT)));
		Fixtures.TestAccount patient = this.fixtures.patient(this.practice);
		String patientToken = patientApp.connect(signedIn(patient), "launch/patient patient/*.rs").accessToken();
		assertThat(get("/fhir/$export", patientToken, true).status()).isEqualTo(403);
	}

	@Test
	void anotherSystemCannotOpenTheJob() {
		String status = get("/fhir/$export?_type=Patient", this.token, true).header("Content-Location")
			.substring(ORIGIN.length());
		RSAKey key = SmartApp.newKey();
		String otherClient = this.apps.registerPracticeSystem(this.fixtures.practice().id(), "Other PMS",
				key.toPublicJWK().toJSONString());
		String otherToken = new SmartApp(ORIGIN, otherClient).systemToken(key, "system/*.rs").accessToken();
		assertThat(get(status, otherToken, false).status()).isEqualTo(404);
		String file = status.replace("$export-poll-status", "$export-file") + "&_type=Patient";
		assertThat(get(file, otherToken, false).status()).isEqualTo(404);
		assertThat(get(file, null, false).status()).isEqualTo(401);
	}

	private Visitor.Page get(String path, String token, boolean async) {
		Visitor client = visitor();
		HttpRequest.Builder request = HttpRequest.newBuilder(client.uri(path)).GET().header("Accept", "application/fhir+json");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (async) {
			request.header("Prefer", "respond-async");
		}
		return client.send(request);
	}

	private static List<Resource> ndjson(Visitor.Page page) {
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Content-Type")).startsWith("application/fhir+ndjson");
		return page.body()
			.lines()
			.filter(line -> !line.isBlank())
			.map(line -> (Resource) FhirContext.forR4Cached().newJsonParser().parseResource(line))
			.collect(Collectors.toList());
	}

}
