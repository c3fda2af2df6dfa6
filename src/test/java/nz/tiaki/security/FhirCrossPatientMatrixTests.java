package nz.tiaki.security;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import nz.tiaki.apps.Apps;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentId;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.records.Category;
import nz.tiaki.records.EntryId;
import nz.tiaki.records.NewEntries;
import nz.tiaki.records.Records;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.SmartApp;
import nz.tiaki.support.TestFiles;
import nz.tiaki.support.Visitor;
import nz.tiaki.vault.ObservedVault;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The object-level authorisation matrix for the FHIR API: every interaction — read, vread,
 * search by patient and subject, chained search, {@code _include}/{@code _revinclude},
 * {@code $everything}, history, batch, attachment URLs — tried with the victim's ids by
 * another patient's app, by the app of someone who holds a full-record proxy for the victim
 * (an app reaches its launch patient only), by another practice's system and with no token.
 * None of them ever receives the victim's data; none is a server error; the victim's sealed
 * values are never opened (OWASP API Security Top 10 API1, API3 and API5; SMART App Launch
 * 2.2 scopes and launch context; ASVS 5.0 V8.2.2).
 */
class FhirCrossPatientMatrixTests extends PortalTest {

	private static final Set<Integer> REFUSALS = Set.of(400, 401, 403, 404, 405, 422);

	@Autowired
	private Apps apps;

	@Autowired
	private Records records;

	@Autowired
	private Documents documents;


	@Autowired
	private nz.tiaki.messaging.Messaging messaging;


	@Test
	void noFhirInteractionReturnsAnotherPatientsData() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		nz.tiaki.support.LogCapture logs = new nz.tiaki.support.LogCapture();
		String canary = "FhirCanary" + System.nanoTime();
		String victimName = "Fhirvictim" + System.nanoTime();
		Fixtures.TestAccount victim = this.fixtures.patientNamed(practice, "Victimgiven", victimName);
		PatientId victimId = new PatientId(victim.holderId());
		String nhi = this.fixtures.nhiOf(victimId);
		EntryId result = this.records.add(Fixtures.staffSubject(doctor), victimId,
				NewEntries.build(Category.RESULT, canary + " result", "", "9.9", "mmol/L", "1", "5"));
		this.records.release(Fixtures.staffSubject(doctor), result);
		EntryId condition = this.records.add(Fixtures.staffSubject(doctor), victimId,
				NewEntries.build(Category.CONDITION, canary + " condition", "", "", "", "", ""));
		EntryId note = this.records.add(Fixtures.staffSubject(doctor), victimId,
				NewEntries.build(Category.NOTE, canary + " note", canary + " note text", "", "", "", ""));
		this.records.release(Fixtures.staffSubject(doctor), note);
		DocumentId document = this.documents.publish(Fixtures.staffSubject(doctor), victimId, DocumentKind.LETTER,
				canary + " letter", "letter.pdf", TestFiles.pdf(canary + " letter body"));

		var visit = this.fixtures.bookedAppointment(practice, doctor, victim);

		this.messaging.start(Fixtures.patientSubject(victim), victimId, null, canary + " subject", canary + " body");

		Map<String, String> attackers = new LinkedHashMap<>();
		SmartApp app = new SmartApp(ORIGIN, this.apps.registerPatientApp("Matrix app", List.of(SmartApp.REDIRECT)));
		String everything = "launch/patient patient/*.rs";
		attackers.put("another patient's app", app.connect(signedIn(this.fixtures.patient(practice)), everything).accessToken());
		Fixtures.TestAccount proxy = this.fixtures.patient(practice);
		this.jdbc.sql("""
				insert into proxy_grant (id, patient_id, proxy_patient_id, scopes, granted_at)
				values (:id, :patient, :proxy, array['FULL_RECORD'], :at)
				""")
			.param("id", UUID.randomUUID())
			.param("patient", victimId.value())
			.param("proxy", proxy.holderId())
			.param("at", Timestamp.from(this.clock.instant()))
			.update();
		attackers.put("the app of the victim's proxy", app.connect(signedIn(proxy), everything).accessToken());
		com.nimbusds.jose.jwk.RSAKey key = SmartApp.newKey();
		String otherSystem = this.apps.registerPracticeSystem(this.fixtures.practice().id(), "Other PMS",
				key.toPublicJWK().toJSONString());
		attackers.put("another practice's system", new SmartApp(ORIGIN, otherSystem).systemToken(key, "system/*.rs").accessToken());
		attackers.put("no token", null);

		String v = victimId.value().toString();
		String nhiToken = enc("https://standards.digital.health.nz/ns/nhi-id|" + nhi);
		List<String> reads = List.of("Patient/" + v, "Patient/" + v + "/_history/1", "Patient/" + v + "/_history",
				"Patient?_id=" + v, "Patient?identifier=" + nhiToken, "Patient/" + v + "/$everything",
				"Patient?_id=" + v + "&_revinclude=Observation:patient", "Observation/" + result.value(),
				"Observation/" + result.value() + "/_history/1", "Observation?patient=" + v,
				"Observation?subject=Patient/" + v, "Observation?patient=Patient/" + v + "&_include=Observation:patient",
				"Observation?patient.identifier=" + nhiToken, "Observation?subject:Patient=" + v,
				"Condition/" + condition.value(), "Condition?patient=" + v, "Condition?subject=" + v,
				"MedicationStatement?patient=" + v, "AllergyIntolerance?patient=" + v, "Immunization?patient=" + v,
				"DocumentReference/" + note.value(), "DocumentReference/doc-" + document.value(),
				"DocumentReference?patient=" + v, "DocumentReference?subject=Patient/" + v, "Binary/doc-" + document.value(),
				"AuditEvent?patient=" + v, "Observation?_id=" + result.value(), "Appointment?patient=" + v,
				"Appointment/" + visit.id(), "MedicationRequest?patient=" + v, "Communication?patient=" + v,
				"Consent?patient=" + v);
		String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"request\":{\"method\":\"GET\",\"url\":\"Patient/"
				+ v + "\"}},{\"request\":{\"method\":\"GET\",\"url\":\"Observation?patient=" + v + "\"}}]}";

		List<String> problems = new ArrayList<>();
		Map<String, Integer> answered = new LinkedHashMap<>();
		int opensBefore = ObservedVault.opened(victimId, null);
		Visitor client = visitor();
		for (Map.Entry<String, String> attacker : attackers.entrySet()) {
			for (String path : reads) {
				HttpRequest.Builder request = HttpRequest.newBuilder(client.uri("/fhir/" + path))
					.GET()
					.header("Accept", "application/fhir+json");
				Visitor.Page page = client.send(authorised(request, attacker.getValue()));
				answered.merge(attacker.getKey() + " " + page.status(), 1, Integer::sum);
				check(problems, attacker, "GET " + path, page, canary, victimName, nhi);
			}
			HttpRequest.Builder post = HttpRequest.newBuilder(client.uri("/fhir"))
				.POST(HttpRequest.BodyPublishers.ofString(batch))
				.header("Content-Type", "application/fhir+json")
				.header("Accept", "application/fhir+json");
			check(problems, attacker, "POST batch", client.send(authorised(post, attacker.getValue())), canary, victimName,
					nhi);
		}
		assertThat(problems).isEmpty();
		logs.close();
		assertThat(logs.size()).as("the log was listened to").isPositive();
		assertThat(logs.linesContaining(canary)).as("no log line carries the victim's data").isEmpty();
		assertThat(answered).as("every token worked (searches answered, empty) and no token was refused outright")
			.containsKeys("another patient's app 200", "the app of the victim's proxy 200", "another practice's system 200")
			.containsEntry("no token 401", reads.size());
		assertThat(ObservedVault.opened(victimId, null) - opensBefore).as("the victim's sealed values opened for others")
			.isZero();
	}

	private void check(List<String> problems, Map.Entry<String, String> attacker, String what, Visitor.Page page,
			String canary, String victimName, String nhi) {
		this.jdbc.sql("delete from guard_lock").update();
		String said = attacker.getKey() + " " + what;
		if (page.body().contains(canary) || page.body().contains("\"resourceType\":\"Appointment\"")) {
			problems.add(said + " returned the victim's clinical data");
		}
		// a search bundle's links echo the query the attacker typed (which may hold the NHI they
		// already know); anything else naming the victim is a leak
		String answer = page.body().replaceAll("\"url\"\\s*:\\s*\"[^\"]*\"", "");
		if (answer.contains(victimName) || answer.contains(nhi)) {
			problems.add(said + " revealed who the victim is");
		}
		if (!REFUSALS.contains(page.status()) && page.status() != 200) {
			problems.add(said + " answered " + page.status());
		}
	}

	private static HttpRequest.Builder authorised(HttpRequest.Builder request, String token) {
		return token == null ? request : request.header("Authorization", "Bearer " + token);
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
