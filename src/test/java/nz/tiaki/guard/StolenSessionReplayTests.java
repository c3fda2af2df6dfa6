package nz.tiaki.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentId;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.incidents.Exposure;
import nz.tiaki.incidents.Incidents;
import nz.tiaki.incidents.Scope;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.web.RequestOrigin;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.TestFiles;
import nz.tiaki.support.Visitor;
import nz.tiaki.support.Visitor.Page;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 2025 attack, replayed against Tiaki: a patient's session, stolen with its second
 * factor already passed, enumerates other patients' document ids and downloads its own
 * documents as fast as it can. It never receives a foreign document, is asked for a fresh
 * second factor by the 31st document, is locked by the 10th refusal, an alert exists at
 * once, and scoping returns exactly what it received (OWASP API Security Top 10 API1, API4;
 * HIPAA 164.308(a)(1)(ii)(D), 164.312(b); HIPC rule 5).
 */
class StolenSessionReplayTests extends PortalTest {

	@Autowired
	private Documents documents;

	@Autowired
	private Incidents incidents;

	@Autowired
	private Guard guard;

	private Fixtures.TestPractice practice;

	private Fixtures.TestAccount attacker;

	private final List<DocumentId> own = new ArrayList<>();

	private final List<DocumentId> foreign = new ArrayList<>();

	@BeforeEach
	void aPracticeFullOfDocuments() {
		this.practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(this.practice, StaffRole.DOCTOR);
		this.attacker = this.fixtures.patient(this.practice);
		for (int i = 0; i < 4; i++) {
			this.own.add(this.documents.publish(Fixtures.staffSubject(doctor), new PatientId(this.attacker.holderId()),
					DocumentKind.LETTER, "Own letter " + i, "own.pdf", TestFiles.pdf("own letter " + i)));
		}
		for (int p = 0; p < 3; p++) {
			Fixtures.TestAccount victim = this.fixtures.patient(this.practice);
			for (int i = 0; i < 2; i++) {
				this.foreign.add(this.documents.publish(Fixtures.staffSubject(doctor), new PatientId(victim.holderId()),
						DocumentKind.DISCHARGE_SUMMARY, "Discharge summary", "summary.pdf",
						TestFiles.pdf("FOREIGN-CANARY discharge summary")));
			}
		}
	}

	private final Map<Visitor, String> tokens = new java.util.HashMap<>();

	/**
	 * Asks for a download the way a script would: with the session's CSRF token, taken once,
	 * and no page in between.
	 */
	private Visitor.Binary askFor(Visitor session, DocumentId document) {
		return ask(session, document.toString());
	}

	private Visitor.Binary ask(Visitor session, String document) {
		String token = this.tokens.computeIfAbsent(session,
				s -> s.get("/patient/documents").csrf().orElseThrow());
		return session.postForBytes("/patient/documents/" + document + "/download", Map.of("_csrf", token));
	}

	private String sessionRef(Visitor session) {
		return RequestOrigin.digest(session.sessionCookie() == null ? "" : decode(session.sessionCookie()));
	}

	private static String decode(String cookie) {
		return new String(java.util.Base64.getDecoder().decode(cookie));
	}

	private int alerts(String kind, String session) {
		return this.jdbc.sql("select count(*) from security_alert where kind = :k and session_ref = :s")
			.param("k", kind)
			.param("s", session)
			.query(Integer.class)
			.single();
	}

	@Test
	void enumeratingOtherPatientsDocumentsIsLockedOutByTheTenthRefusal() {
		Visitor stolen = signedIn(this.attacker);
		String session = sessionRef(stolen);
		List<Integer> statuses = new ArrayList<>();
		List<String> ids = new ArrayList<>();
		this.foreign.forEach(id -> ids.add(id.toString()));
		while (ids.size() < 20) {
			ids.add(UUID.randomUUID().toString());
		}

		int locked = -1;
		for (int i = 0; i < ids.size(); i++) {
			Visitor.Binary answer = ask(stolen, ids.get(i));
			statuses.add(answer.status());
			assertThat(answer.text()).doesNotContain("FOREIGN-CANARY");
			if (answer.status() == 302 && "/signin?locked".equals(answer.redirect())) {
				locked = i + 1;
				break;
			}
			if (answer.status() == 302 && "/signin".equals(answer.redirect())) {
				locked = i + 1;
				break;
			}
		}

		assertThat(statuses.subList(0, Math.min(9, statuses.size()))).allMatch(status -> status == 404);
		assertThat(locked).as("requests until the session was stopped").isBetween(10, 11);
		assertThat(stolen.get("/patient").redirect()).isEqualTo("/signin");
		assertThat(alerts("DENIALS", session)).isEqualTo(1);
		assertThat(this.jdbc.sql("""
				select count(*) from audit_event where decision = 'ALLOW' and object_ref in (:refs)
				""")
			.param("refs", this.foreign.stream().map(id -> Documents.DOWNLOAD + id).toList())
			.query(Integer.class)
			.single()).as("no foreign document was handed over").isZero();
	}

	@Test
	void downloadingAsFastAsPossibleMeetsAStepUpAtTheThirtyFirstDocumentThenALock() {
		Visitor stolen = signedIn(this.attacker);
		String session = sessionRef(stolen);
		Instant started = this.clock.instant().minusSeconds(1);
		Set<DocumentId> received = new HashSet<>();
		int stepUpAt = -1;
		int lockedAt = -1;
		for (int request = 1; request <= 60; request++) {
			DocumentId document = this.own.get(request % this.own.size());
			Visitor.Binary link = askFor(stolen, document);
			if (link.status() == 200) {
				assertThat(link.text()).doesNotContain("FOREIGN-CANARY");
				received.add(document);
				continue;
			}
			if (stepUpAt < 0 && "/account/confirm?budget".equals(link.redirect())) {
				stepUpAt = request;
				continue;
			}
			if ("/signin?locked".equals(link.redirect()) || "/signin".equals(link.redirect())) {
				lockedAt = request;
				break;
			}
		}

		assertThat(stepUpAt).as("the request that met the step-up").isEqualTo(31);
		assertThat(lockedAt).as("the request that found the session locked").isBetween(32, 41);
		assertThat(alerts("STEP_UP", session)).isEqualTo(1);
		assertThat(alerts("DENIALS", session)).isEqualTo(1);
		assertThat(this.jdbc.sql("select min(raised_at) from security_alert where session_ref = :s")
			.param("s", session)
			.query(java.sql.Timestamp.class)
			.single()
			.toInstant()).isBefore(this.clock.instant().plusSeconds(60));

		Exposure exposure = this.incidents.scope(new Scope(Set.of(), Set.of(session), Set.of(), started,
				this.clock.instant().plus(Duration.ofMinutes(1))));
		assertThat(exposure.documentsReceived())
			.containsExactlyInAnyOrderElementsOf(received.stream().map(DocumentId::value).toList());
		assertThat(exposure.patients()).containsExactly(this.attacker.holderId());
	}

	@Test
	void aFreshSecondFactorLetsTheRealPatientCarryOn() {
		Visitor patient = signedIn(this.attacker);
		for (int i = 0; i < 30; i++) {
			assertThat(askFor(patient, this.own.get(i % this.own.size())).status()).isEqualTo(200);
		}
		assertThat(askFor(patient, this.own.get(0)).redirect()).isEqualTo("/account/confirm?budget");

		this.clock.advance(Duration.ofSeconds(30));
		Page confirmed = patient.submit("/account/confirm", "/account/confirm",
				Map.of("code", this.attacker.codeAt(this.clock)));

		assertThat(confirmed.redirect()).isEqualTo("/patient");
		assertThat(askFor(patient, this.own.get(0)).status()).isEqualTo(200);
	}

	@Test
	void aCanaryLocksTheAccountAtOnce() {
		Fixtures.TestAccount doctor = this.fixtures.staff(this.practice, StaffRole.DOCTOR);
		Fixtures.TestAccount bait = this.fixtures.patient(this.practice);
		DocumentId canary = this.documents.publish(Fixtures.staffSubject(doctor), new PatientId(bait.holderId()),
				DocumentKind.LETTER, "Nobody opens this", "bait.pdf", TestFiles.pdf("bait"));
		this.guard.plantCanary("DOCUMENT", canary.toString());
		Visitor curious = signedIn(doctor);
		Visitor other = signedIn(doctor);

		Page answer = curious.submit("/practice", "/practice/documents/" + canary + "/download", Map.of());

		assertThat(answer.redirect()).isEqualTo("/signin?locked");
		assertThat(other.get("/practice").redirect()).as("every session of the account ended").isEqualTo("/signin");
		assertThat(visitor().signIn(doctor.username(), doctor.password()).redirect()).as("no new sign-in")
			.isEqualTo("/signin?error");
		assertThat(this.jdbc.sql("select count(*) from security_alert where kind = 'CANARY' and severity = 'CRITICAL' and account_id = :a")
			.param("a", doctor.id().value())
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	@Test
	void thePrivacyOfficerSeesTheAlertWithItsAuditSliceAndCanLiftTheLock() {
		Fixtures.TestAccount doctor = this.fixtures.staff(this.practice, StaffRole.DOCTOR);
		Fixtures.TestAccount bait = this.fixtures.patient(this.practice);
		this.guard.plantCanary("PATIENT", bait.holderId().toString());
		Visitor curious = signedIn(doctor);
		assertThat(curious.get("/practice/patients/" + bait.holderId()).redirect()).isEqualTo("/signin?locked");
		Visitor officer = signedIn(this.practice.admin());

		Page alerts = officer.get("/practice/alerts");
		String id = alerts.body().replaceAll("(?s).*href=\"/practice/alerts/([0-9a-f-]{36})\".*", "$1");
		Page alert = officer.get("/practice/alerts/" + id);

		assertThat(alerts.body()).contains("A canary record");
		assertThat(alert.body()).contains("Refused").contains("guard-canary").contains("Lift the lock");
		assertThat(officer.submit("/practice/alerts/" + id, "/practice/alerts/" + id + "/lift", Map.of()).redirect())
			.isEqualTo("/practice/alerts/" + id + "?lifted");
		assertThat(visitor().signIn(doctor.username(), doctor.password()).redirect()).isEqualTo("/signin/factor");
		assertThat(signedIn(doctor).get("/practice/alerts").status()).as("only the privacy officer").isEqualTo(403);
	}

	@Test
	void aClinicianWalkingThePatientListIsAskedForAReason() {
		Fixtures.TestAccount doctor = this.fixtures.staff(this.practice, StaffRole.DOCTOR);
		List<PatientId> patients = new ArrayList<>();
		for (int i = 0; i < 51; i++) {
			patients.add(new PatientId(this.fixtures.invitedPatient(this.practice).id().value()));
		}
		Visitor walker = signedIn(doctor);
		assertThat(walker.get("/practice").status()).as("the list itself is not a walk").isEqualTo(200);

		for (int i = 0; i < 50; i++) {
			assertThat(walker.get("/practice/patients/" + patients.get(i)).status()).as("patient %d", i + 1)
				.isEqualTo(200);
		}
		Page fiftyFirst = walker.get("/practice/patients/" + patients.get(50));

		assertThat(fiftyFirst.redirect()).isEqualTo("/practice/reason");
		assertThat(walker.submit("/practice/reason", "/practice/reason", Map.of("reason", "Recall audit for diabetes"))
			.redirect()).isEqualTo("/practice/patients/" + patients.get(50));
		assertThat(walker.get("/practice/patients/" + patients.get(50)).status()).isEqualTo(200);
		assertThat(this.jdbc.sql("select count(*) from security_alert where kind = 'MANY_PATIENTS' and account_id = :a")
			.param("a", doctor.id().value())
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

}
