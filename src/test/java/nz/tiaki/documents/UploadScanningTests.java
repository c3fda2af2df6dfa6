package nz.tiaki.documents;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import com.nimbusds.jose.jwk.RSAKey;
import nz.tiaki.apps.Apps;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.messaging.Messaging;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.Multipart;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.SmartApp;
import nz.tiaki.support.TestFiles;
import nz.tiaki.support.Visitor;
import nz.tiaki.support.Visitor.Page;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every uploaded file meets a real ClamAV (clamd over INSTREAM) before anything else reads
 * it: the EICAR test file, hidden in an otherwise valid PDF, is refused on every way in and
 * leaves nothing; with the scanner down nothing is accepted unscanned (ASVS 5.0 V5.2.4 and
 * V5.2.5; API Security Top 10 API8; HIPAA 164.308(a)(5)(ii)(B) protection from malicious
 * software).
 */
class UploadScanningTests extends PortalTest {

	@Autowired
	private VirusScanner scanner;

	@Autowired
	private Messaging messaging;

	@Autowired
	private Apps apps;

	private Fixtures.TestPractice practice;

	private Fixtures.TestAccount patient;

	private Fixtures.TestAccount doctor;

	@BeforeEach
	void people() {
		this.practice = this.fixtures.practice();
		this.patient = this.fixtures.patient(this.practice);
		this.doctor = this.fixtures.staff(this.practice, StaffRole.DOCTOR);
	}

	@AfterEach
	void scannerBackUp() throws IOException {
		this.scanner.embedded().start();
	}

	private int documents() {
		return this.jdbc.sql("select count(*) from document where patient_id = :p")
			.param("p", this.patient.holderId())
			.query(Integer.class)
			.single();
	}

	private int recorded(String type, Fixtures.TestAccount who) {
		return this.jdbc.sql("select count(*) from audit_event where event_type = :t and account_id = :a")
			.param("t", type)
			.param("a", who.id().value())
			.query(Integer.class)
			.single();
	}

	private Page upload(Visitor visitor, byte[] content, String accept) {
		String csrf = visitor.get("/patient/documents").csrf().orElseThrow();
		return visitor.send(new Multipart().field("title", "Letter")
			.file("file", "letter.pdf", "application/pdf", content)
			.post(visitor, "/patient/documents", csrf, accept));
	}

	@Test
	void theSamePdfIsAcceptedWithoutTheTestFileAndRefusedWithIt() {
		Visitor me = signedIn(this.patient);

		Page harmless = upload(me, TestFiles.pdfWithHarmlessTail(), "text/html");
		assertThat(harmless.status()).as("the carrier PDF itself passes every other check").isEqualTo(302);
		assertThat(documents()).isEqualTo(1);

		Page infected = upload(me, TestFiles.pdfCarryingEicar(), "text/html");
		assertThat(infected.status()).isEqualTo(200);
		assertThat(infected.body()).contains("contains a virus or other harmful content");
		Page json = upload(me, TestFiles.pdfCarryingEicar(), "application/json");
		assertThat(json.status()).isEqualTo(422);
		assertThat(json.body()).contains("contains a virus");
		Page bare = upload(me, TestFiles.EICAR.getBytes(java.nio.charset.StandardCharsets.US_ASCII), "text/html");
		assertThat(bare.body()).as("scanned before the type check reads it").contains("contains a virus");

		assertThat(documents()).as("nothing of the infected uploads stored").isEqualTo(1);
		assertThat(recorded("UPLOAD_INFECTED", this.patient)).isEqualTo(3);
		assertThat(this.jdbc.sql("select detail from audit_event where event_type = 'UPLOAD_INFECTED' and account_id = :a")
			.param("a", this.patient.id().value())
			.query(String.class)
			.list()).containsOnly("Tiaki.Test.EICAR.UNOFFICIAL");
	}

	@Test
	void aPracticeCannotPublishIt() {
		Visitor gp = signedIn(this.doctor);
		String page = "/practice/patients/" + this.patient.holderId();
		String csrf = gp.get(page).csrf().orElseThrow();
		Page refused = gp.send(new Multipart().field("title", "Discharge summary")
			.field("kind", "DISCHARGE_SUMMARY")
			.file("file", "summary.pdf", "application/pdf", TestFiles.pdfCarryingEicar())
			.post(gp, page + "/documents", csrf, "text/html"));
		assertThat(refused.body()).contains("The document was not published").contains("contains a virus");
		assertThat(documents()).isZero();
		assertThat(recorded("UPLOAD_INFECTED", this.doctor)).isEqualTo(1);
	}

	@Test
	void itCannotTravelWithAMessageEitherWay() {
		Visitor me = signedIn(this.patient);
		String csrf = me.get("/patient/messages/new").csrf().orElseThrow();
		Page refused = me.send(new Multipart().field("to", "")
			.field("subject", "Letter")
			.field("body", "Please see the attached")
			.file("file", "letter.pdf", "application/pdf", TestFiles.pdfCarryingEicar())
			.post(me, "/patient/messages/new", csrf, "text/html"));
		assertThat(refused.status()).isEqualTo(200);
		assertThat(refused.body()).contains("contains a virus");
		PatientId patientId = new PatientId(this.patient.holderId());
		assertThat(this.messaging.conversationsOf(Fixtures.patientSubject(this.patient), patientId))
			.as("no conversation was started").isEmpty();

		UUID thread = this.messaging.start(Fixtures.patientSubject(this.patient), patientId, null, "Question",
				"Is my letter ready?");
		Visitor gp = signedIn(this.doctor);
		String staffCsrf = gp.get("/practice/messages/" + thread).csrf().orElseThrow();
		Page reply = gp.send(new Multipart().field("body", "Here it is")
			.file("file", "letter.pdf", "application/pdf", TestFiles.pdfCarryingEicar())
			.post(gp, "/practice/messages/" + thread + "/reply", staffCsrf, "text/html"));
		assertThat(reply.body()).contains("contains a virus");
		assertThat(this.messaging.openAsPatient(Fixtures.patientSubject(this.patient), thread).messages())
			.as("the reply was not sent").hasSize(1);
		assertThat(documents()).isZero();
	}

	private IGenericClient practiceSystem() {
		RSAKey key = SmartApp.newKey();
		SmartApp system = new SmartApp(ORIGIN,
				this.apps.registerPracticeSystem(this.practice.id(), "Scanning PMS", key.toPublicJWK().toJSONString()));
		return system.fhir(system.systemToken(key, "system/*.rs system/*.cu").accessToken());
	}

	private Bundle letterBundle(Bundle.BundleType type, byte[] pdf) {
		DocumentReference letter = new DocumentReference();
		letter.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
		letter.setType(new CodeableConcept().setText("Referral"));
		letter.setSubject(new Reference("Patient/" + this.patient.holderId()));
		letter.addContent().getAttachment().setContentType("application/pdf").setTitle("referral.pdf").setData(pdf);
		Bundle bundle = new Bundle().setType(type);
		bundle.addEntry()
			.setFullUrl("urn:uuid:" + UUID.randomUUID())
			.setResource(letter)
			.setRequest(new Bundle.BundleEntryRequestComponent().setMethod(Bundle.HTTPVerb.POST)
				.setUrl("DocumentReference"));
		return bundle;
	}

	@Test
	void aPracticeSystemCannotSendItOverFhir() {
		IGenericClient fhir = practiceSystem();
		assertThatThrownBy(() -> fhir.transaction()
			.withBundle(letterBundle(Bundle.BundleType.TRANSACTION, TestFiles.pdfCarryingEicar()))
			.execute()).isInstanceOfSatisfying(UnprocessableEntityException.class,
					ex -> assertThat(ex.getMessage()).contains("contains a virus"));
		Bundle batch = fhir.transaction()
			.withBundle(letterBundle(Bundle.BundleType.BATCH, TestFiles.pdfCarryingEicar()))
			.execute();
		assertThat(batch.getEntryFirstRep().getResponse().getStatus()).startsWith("422");
		assertThat(documents()).isZero();

		fhir.transaction().withBundle(letterBundle(Bundle.BundleType.TRANSACTION, TestFiles.pdfWithHarmlessTail()))
			.execute();
		assertThat(documents()).as("the same letter without the test file goes in").isEqualTo(1);
	}

	@Test
	void withTheScannerDownNothingIsAcceptedUnscannedAndNothingIsLost() throws IOException {
		Visitor me = signedIn(this.patient);
		this.scanner.embedded().stop();

		Page page = upload(me, TestFiles.pdfWithHarmlessTail(), "text/html");
		assertThat(page.body()).contains("cannot be checked for viruses right now");
		Page json = upload(me, TestFiles.pdfWithHarmlessTail(), "application/json");
		assertThat(json.status()).isEqualTo(503);
		assertThatThrownBy(() -> practiceSystem().transaction()
			.withBundle(letterBundle(Bundle.BundleType.TRANSACTION, TestFiles.pdfWithHarmlessTail()))
			.execute()).isInstanceOfSatisfying(BaseServerResponseException.class,
					ex -> assertThat(ex.getStatusCode()).isEqualTo(503));
		assertThat(documents()).isZero();
		assertThat(recorded("UPLOAD_UNSCANNED", this.patient)).isEqualTo(2);

		this.scanner.embedded().start();
		Page later = upload(me, TestFiles.pdfWithHarmlessTail(), "text/html");
		assertThat(later.status()).as("accepted once the scanner is back, without a restart").isEqualTo(302);
		assertThat(documents()).isEqualTo(1);
	}

	private VirusScanner waitingScanner(Duration upTo) {
		return new VirusScanner(new ScanSettings(this.scanner.embedded().address(),
				ScanSettings.WhenUnavailable.WAIT, upTo, Duration.ofSeconds(30), Path.of("/nonexistent"),
				workDirectory().resolve("unused"), workDirectory().resolve("unused")));
	}

	@Test
	void configuredToWaitAnUploadHoldsUntilTheScannerReturnsThenIsScanned() throws Exception {
		VirusScanner waiting = waitingScanner(Duration.ofSeconds(60));
		this.scanner.embedded().stop();
		CompletableFuture<VirusScanner.Verdict> verdict = CompletableFuture
			.supplyAsync(() -> waiting.scan(TestFiles.pdfCarryingEicar()));
		org.awaitility.Awaitility.await("still waiting for the scanner, all the while it is away")
			.during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> !verdict.isDone());
		this.scanner.embedded().start();
		assertThat(verdict.get(60, TimeUnit.SECONDS).clean()).as("scanned, not waved through").isFalse();
	}

	@Test
	void configuredToWaitAnUploadIsStillRefusedWhenTheScannerNeverReturns() {
		VirusScanner waiting = waitingScanner(Duration.ofSeconds(2));
		this.scanner.embedded().stop();
		assertThatThrownBy(() -> waiting.scan(TestFiles.pdfWithHarmlessTail())).isInstanceOf(ScannerUnavailable.class);
	}

	@Test
	void aFileTheScannerCannotReadToTheEndIsNotClean() {
		byte[] beyondTheStreamLimit = new byte[31 * 1024 * 1024];
		assertThatThrownBy(() -> this.scanner.scan(beyondTheStreamLimit)).isInstanceOf(DocumentRejected.class)
			.hasMessageContaining("could not be checked for viruses");
	}

	@Test
	void anAnswerWithoutAVerdictIsNotClean() {
		assertThatThrownBy(() -> VirusScanner.verdict("stream: ")).isInstanceOf(IOException.class);
		assertThatThrownBy(() -> VirusScanner.verdict("")).isInstanceOf(IOException.class);
		assertThatThrownBy(() -> VirusScanner.verdict("stream: OK FOUND ERROR"))
			.isInstanceOf(DocumentRejected.class);
	}

}
