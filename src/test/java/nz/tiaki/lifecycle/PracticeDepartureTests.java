package nz.tiaki.lifecycle;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.nimbusds.jose.jwk.RSAKey;
import jakarta.mail.internet.MimeMessage;
import nz.tiaki.apps.Apps;
import nz.tiaki.access.Subject;
import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SignedStatement;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.messaging.Messaging;
import nz.tiaki.notifications.Outbox;
import nz.tiaki.records.Category;
import nz.tiaki.records.NewEntries;
import nz.tiaki.records.Records;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.SmartApp;
import nz.tiaki.support.TestFiles;
import nz.tiaki.support.TestMailServer;
import nz.tiaki.support.Visitor;
import nz.tiaki.vault.SealBroken;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A practice leaves the portal: its patients are told first; after its last day its staff
 * and systems are shut out, a patient who was only theirs is crypto-shredded and forgotten,
 * a patient shared with another practice keeps that practice's data and loses only this
 * one's; a signed certificate says what went; a legal hold keeps the data (HIPC 2020 rule
 * 9; HIPAA 164.310(d)(2)(i) disposal; ASVS 5.0 V14.2 data protection).
 */
class PracticeDepartureTests extends PortalTest {

	private static final Subject SYSTEM = Subject.system(UUID.fromString("00000000-0000-0000-0000-0000000d0d0d"));

	@Autowired
	private PracticeDepartures departures;

	@Autowired
	private Records records;

	@Autowired
	private Documents documents;

	@Autowired
	private Messaging messaging;

	@Autowired
	private Apps apps;

	@Autowired
	private AuditTrail audit;

	@Autowired
	private LegalHolds holds;

	@Autowired
	private ApplicationContext context;

	private Fixtures.TestPractice leaving;

	private Fixtures.TestPractice staying;

	private Fixtures.TestAccount leavingDoctor;

	private Fixtures.TestAccount stayingDoctor;

	private Fixtures.TestAccount onlyTheirs;

	private Fixtures.TestAccount shared;

	@BeforeEach
	void twoPracticesAndTwoPatients() {
		this.leaving = this.fixtures.practice();
		this.staying = this.fixtures.practice();
		this.leavingDoctor = this.fixtures.staff(this.leaving, StaffRole.DOCTOR);
		this.stayingDoctor = this.fixtures.staff(this.staying, StaffRole.DOCTOR);
		this.onlyTheirs = this.fixtures.patient(this.leaving);
		this.shared = this.fixtures.patient(this.leaving);
		this.jdbc.sql("insert into enrolment (practice_id, patient_id) values (:p, :patient)")
			.param("p", this.staying.id().value())
			.param("patient", this.shared.holderId())
			.update();
		for (Fixtures.TestAccount patient : List.of(this.onlyTheirs, this.shared)) {
			PatientId id = new PatientId(patient.holderId());
			this.records.add(Fixtures.staffSubject(this.leavingDoctor), id,
					NewEntries.build(Category.CONDITION, "Leaving-practice diagnosis", null, null, null, null, null));
			this.documents.publish(Fixtures.staffSubject(this.leavingDoctor), id, DocumentKind.LETTER,
					"Leaving-practice letter", "letter.pdf", TestFiles.pdf("From the leaving practice"));
			this.messaging.start(Fixtures.patientSubject(patient), id, null, "To the leaving practice", "Hello");
		}
		PatientId shared = new PatientId(this.shared.holderId());
		this.records.add(Fixtures.staffSubject(this.stayingDoctor), shared,
				NewEntries.build(Category.CONDITION, "Staying-practice diagnosis", null, null, null, null, null));
		this.documents.publish(Fixtures.staffSubject(this.stayingDoctor), shared, DocumentKind.LETTER,
				"Staying-practice letter", "letter.pdf", TestFiles.pdf("From the staying practice"));
	}

	private int count(String sql, Object value) {
		return this.jdbc.sql(sql).param("v", value).query(Integer.class).single();
	}

	private IGenericClient practiceSystem() {
		RSAKey key = SmartApp.newKey();
		SmartApp system = new SmartApp(ORIGIN,
				this.apps.registerPracticeSystem(this.leaving.id(), "Leaving PMS", key.toPublicJWK().toJSONString()));
		return system.fhir(system.systemToken(key, "system/*.rs").accessToken());
	}

	@Test
	void patientsAreToldThenEverythingOnlyThePracticeHeldIsDestroyedAndCertified() throws Exception {
		IGenericClient pms = practiceSystem();
		Visitor doctorSession = signedIn(this.leavingDoctor);
		LocalDate lastDay = LocalDate.now(this.clock.withZone(PracticeDepartures.ZONE)).plusDays(14);

		assertThat(this.departures.schedule(this.leaving.id(), lastDay, "operator.test")).isEqualTo(2);
		Outbox.deliverNow(this.context);
		MimeMessage[] told = TestMailServer.receivedBy(this.onlyTheirs.username());
		assertThat(told).hasSize(1);
		assertThat(told[0].getSubject()).isEqualTo("Your practice is leaving Tiaki");
		assertThat(told[0].getContent().toString()).contains("download any documents").doesNotContain("diagnosis");
		assertThat(TestMailServer.receivedBy(this.shared.username())).hasSize(1);

		assertThat(this.departures.completeDue()).as("nothing before the last day has passed").isEmpty();
		assertThat(doctorSession.get("/practice").status()).as("business as usual until then").isEqualTo(200);

		this.clock.advance(Duration.ofDays(15));
		var outcome = this.departures.completeDue().get(this.leaving.id());
		assertThat(outcome.complete()).isTrue();

		// Staff and systems are shut out.
		assertThat(doctorSession.get("/practice").status()).isEqualTo(302);
		assertThat(visitor().signIn(this.leavingDoctor.username(), this.leavingDoctor.password()).redirect())
			.isNotEqualTo("/signin/factor");
		assertThatThrownBy(() -> pms.read().resource(Patient.class).withId(this.shared.holderId().toString()).execute())
			.isInstanceOf(ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException.class);

		// The patient who was only theirs: key destroyed, identity forgotten, account gone.
		UUID only = this.onlyTheirs.holderId();
		assertThat(count("select count(*) from vault_key where owner_id = :v and destroyed_at is not null", only))
			.isEqualTo(1);
		assertThat(count("select count(*) from patient where id = :v and identity_sealed is null", only)).isEqualTo(1);
		assertThat(count("select count(*) from account where holder_id = :v", only)).isZero();
		assertThat(count("select count(*) from enrolment where patient_id = :v", only)).isZero();
		assertThat(count("select count(*) from clinical_entry where patient_id = :v", only))
			.as("rows may remain as ciphertext only").isPositive();
		assertThatThrownBy(() -> this.records.summary(SYSTEM, new PatientId(only)))
			.as("even the portal itself, holding the master key, cannot open them").isInstanceOf(SealBroken.class);
		assertThatThrownBy(() -> this.documents.list(SYSTEM, new PatientId(only))).isInstanceOf(SealBroken.class);

		// The shared patient: the other practice's data stays, this one's is gone.
		PatientId shared = new PatientId(this.shared.holderId());
		assertThat(this.records.summary(Fixtures.staffSubject(this.stayingDoctor), shared).values().stream()
			.flatMap(List::stream)
			.map(entry -> ((org.hl7.fhir.r4.model.Condition) entry.resource()).getCode().getText())
			.toList()).containsExactly("Staying-practice diagnosis");
		assertThat(this.documents.list(Fixtures.staffSubject(this.stayingDoctor), shared))
			.extracting(document -> document.title())
			.containsExactly("Staying-practice letter");
		assertThat(count("select count(*) from message_thread where patient_id = :v", shared.value())).isZero();
		assertThat(count("select count(*) from enrolment where patient_id = :v", shared.value())).isEqualTo(1);
		assertThat(signedIn(this.shared).get("/patient").status()).as("their account carries on").isEqualTo(200);

		// The certificate is signed and says what went.
		SignedStatement certificate = this.departures.certificate(this.leaving.id()).orElseThrow();
		assertThat(this.audit.verify(certificate)).isTrue();
		assertThat(certificate.text()).contains("\"patientsForgotten\":1")
			.contains("\"patientsKeptByAnotherPractice\":1")
			.contains("patient:" + only)
			.contains("\"documentsRemoved\":1")
			.contains("\"recordEntriesRemoved\":1")
			.contains("\"staffAccessEnded\":2");
		assertThat(this.audit.verify(new SignedStatement(certificate.text().replace("\"patientsForgotten\":1",
				"\"patientsForgotten\":0"), certificate.keyId(), certificate.signature())))
			.as("an altered certificate does not verify").isFalse();

		// A dump of the database holds none of it in readable form.
		Path dump = workDirectory().resolve("departure-" + UUID.randomUUID() + ".sql");
		Process pgDump = new ProcessBuilder("pg_dump", "--host=localhost",
				"--port=" + this.context.getBean(nz.tiaki.shared.database.EmbeddedDatabase.class).port(),
				"--username=postgres", "--dbname=tiaki", "--file=" + dump)
			.redirectErrorStream(true)
			.start();
		pgDump.getInputStream().readAllBytes();
		assertThat(pgDump.waitFor()).isZero();
		assertThat(Files.readString(dump, StandardCharsets.ISO_8859_1)).doesNotContain("Leaving-practice")
			.doesNotContain("Staying-practice")
			.doesNotContain(this.onlyTheirs.username());
	}

	@Test
	void aHoldOnThePracticeShutsItOutButKeepsItsData() {
		UUID hold = this.holds.place(null, this.leaving.id(), "Coroner's inquiry", "operator.test");
		this.departures.schedule(this.leaving.id(),
				LocalDate.now(this.clock.withZone(PracticeDepartures.ZONE)).plusDays(1), "operator.test");
		this.clock.advance(Duration.ofDays(2));

		var outcome = this.departures.completeDue().get(this.leaving.id());
		assertThat(outcome.complete()).isFalse();
		assertThat(outcome.heldPatients()).isEqualTo(2);
		assertThat(visitor().signIn(this.leavingDoctor.username(), this.leavingDoctor.password()).redirect())
			.as("access ends on the day all the same").isNotEqualTo("/signin/factor");
		assertThat(count("select count(*) from vault_key where owner_id = :v and destroyed_at is null",
				this.onlyTheirs.holderId())).isEqualTo(1);
		assertThat(this.departures.certificate(this.leaving.id())).isEmpty();

		this.holds.lift(hold, "operator.test");
		this.clock.advance(Duration.ofHours(2));
		assertThat(this.departures.completeDue().get(this.leaving.id()).complete()).isTrue();
		assertThat(count("select count(*) from vault_key where owner_id = :v and destroyed_at is not null",
				this.onlyTheirs.holderId())).isEqualTo(1);
	}

	@Test
	void theLastDayMustLeaveTimeToTellPatients() {
		assertThatThrownBy(() -> this.departures.schedule(this.leaving.id(),
				LocalDate.now(this.clock.withZone(PracticeDepartures.ZONE)), "operator.test"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("after today");
	}

}
