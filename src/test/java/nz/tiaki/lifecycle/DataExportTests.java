package nz.tiaki.lifecycle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import ca.uhn.fhir.context.FhirContext;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.messaging.Messaging;
import nz.tiaki.prescriptions.Prescriptions;
import nz.tiaki.records.Category;
import nz.tiaki.records.NewEntries;
import nz.tiaki.records.Records;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.R4Validation;
import nz.tiaki.support.TestFiles;
import nz.tiaki.support.Visitor;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A patient's copy of their information (HIPC 2020 rule 6): asked for with a fresh second
 * factor, made in the background with progress, a FHIR R4 bundle that validates and a
 * readable PDF with every letter of their name, collected once from the asking session,
 * every read recorded (ASVS 5.0 V8.3; HIPAA 164.524 access).
 */
class DataExportTests extends PortalTest {

	@Autowired
	private DataExports exports;

	@Autowired
	private Records records;

	@Autowired
	private Documents documents;

	@Autowired
	private Messaging messaging;

	@Autowired
	private Prescriptions prescriptions;

	private Fixtures.TestAccount patient;

	private PatientId patientId;

	@BeforeEach
	void aPatientWithARecord() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		this.patient = this.fixtures.patientNamed(practice, "Mereana", "Tūhoe-Ōtaki");
		this.patientId = new PatientId(this.patient.holderId());
		this.records.add(Fixtures.staffSubject(doctor), this.patientId,
				NewEntries.build(Category.CONDITION, "Asthma", null, null, null, null, null));
		this.records.add(Fixtures.staffSubject(doctor), this.patientId,
				NewEntries.build(Category.MEDICATION, "Salbutamol inhaler", "2 puffs when needed", null, null, null, null));
		this.documents.publish(Fixtures.staffSubject(doctor), this.patientId, DocumentKind.LETTER, "Asthma plan",
				"plan.pdf", TestFiles.pdf("Your asthma plan"));
		this.documents.upload(Fixtures.patientSubject(this.patient), "Peak flow diary", "diary.png",
				TestFiles.noisePng(40));
		this.messaging.start(Fixtures.patientSubject(this.patient), this.patientId, null, "Inhaler", "Is it OK to "
				+ "use it before sport?");
		String inhaler = this.prescriptions.medicines(Fixtures.patientSubject(this.patient), this.patientId).get(0)
			.entryId();
		this.prescriptions.request(Fixtures.patientSubject(this.patient), this.patientId, List.of(inhaler), "Thanks");
		this.fixtures.bookedAppointment(practice, doctor, this.patient);
	}

	private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
		Map<String, byte[]> files = new HashMap<>();
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			ZipEntry entry;
			while ((entry = in.getNextEntry()) != null) {
				files.put(entry.getName(), in.readAllBytes());
			}
		}
		return files;
	}

	@Test
	void askedWithASecondFactorMadeInTheBackgroundCollectedOnce() throws Exception {
		Visitor me = signedIn(this.patient);
		this.clock.advance(Duration.ofMinutes(6));
		Visitor.Page stale = me.submit("/patient/my-data", "/patient/my-data", Map.of());
		assertThat(stale.redirect()).isEqualTo("/account/confirm");
		assertThat(this.exports.latest(Fixtures.patientSubject(this.patient))).isEmpty();
		me.submit("/account/confirm", "/account/confirm", Map.of("code", this.patient.codeAt(this.clock)));

		assertThat(me.submit("/patient/my-data", "/patient/my-data", Map.of()).redirect()).isEqualTo("/patient/my-data");
		assertThat(me.get("/patient/my-data").body()).contains("Your copy is being made").contains("<progress");
		assertThat(me.getJson("/patient/my-data/status").body()).contains("\"working\":true");

		assertThat(this.exports.work()).isEqualTo(1);
		assertThat(me.getJson("/patient/my-data/status").body()).contains("\"status\":\"READY\"")
			.contains("\"percent\":100");
		String page = me.get("/patient/my-data").body();
		assertThat(page).contains("Your copy is ready");
		String id = page.replaceAll("(?s).*action=\"/patient/my-data/([0-9a-f-]{36})/download\".*", "$1");

		Visitor other = signedIn(this.patient);
		String link = me.submit("/patient/my-data", "/patient/my-data/" + id + "/download", Map.of()).redirect();
		assertThat(link).startsWith("/patient/my-data/collect/");
		assertThat(other.fetch(link).status()).as("another session of the same patient").isEqualTo(404);
		Visitor.Binary zip = me.fetch(link);
		assertThat(zip.status()).isEqualTo(200);
		assertThat(zip.header("Content-Type")).isEqualTo("application/zip");
		assertThat(zip.header("Cache-Control")).contains("no-store");
		assertThat(me.fetch(link).status()).as("once only").isEqualTo(404);
		Awaitility.await("nothing kept once collected").atMost(Duration.ofSeconds(10)).until(() -> partsKept() == 0);

		Map<String, byte[]> files = unzip(zip.body());
		assertThat(files).containsKeys("README.txt", "record.json", "record.pdf");
		assertThat(files.keySet()).filteredOn(name -> name.startsWith("documents/")).hasSize(2);

		Bundle bundle = FhirContext.forR4Cached().newJsonParser()
			.parseResource(Bundle.class, new String(files.get("record.json"), StandardCharsets.UTF_8));
		assertThat(bundle.getEntry()).extracting(entry -> entry.getResource().fhirType())
			.contains("Patient", "Condition", "MedicationStatement", "DocumentReference", "Appointment",
					"MedicationRequest", "Communication");
		assertThat(R4Validation.errors(bundle)).isEmpty();
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getResource() instanceof DocumentReference reference) {
				assertThat(files).containsKey(reference.getContentFirstRep().getAttachment().getUrl());
			}
		}

		java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/screenshots"));
		java.nio.file.Files.write(java.nio.file.Path.of("target/screenshots/my-data-record.pdf"), files.get("record.pdf"));
		try (PDDocument pdf = Loader.loadPDF(files.get("record.pdf"))) {
			String text = new PDFTextStripper().getText(pdf);
			assertThat(text).contains("Mereana Tūhoe-Ōtaki").contains("Asthma").contains("Salbutamol inhaler")
				.contains("Asthma plan").contains("Is it OK to use it before sport?").contains("Who has seen your record");
		}
		assertThat(this.jdbc.sql("""
				select count(*) from audit_event where patient_id = :p and action = 'EXPORT_DATA' and decision = 'ALLOW'
				""").param("p", this.patientId.value()).query(Integer.class).single())
			.as("asked, made, link, collected").isGreaterThanOrEqualTo(4);
	}

	@Test
	void aProxyOrStaffCannotMakeAPatientsCopy() {
		Fixtures.TestAccount other = this.fixtures.patient(this.fixtures.practice());
		assertThatThrownBy(() -> this.exports.request(Fixtures.staffSubject(this.fixtures.staff(this.fixtures.practice(),
				StaffRole.DOCTOR)))).isInstanceOf(DataExportRefused.class);
		String theirs = this.exports.request(Fixtures.patientSubject(this.patient)).toString();
		this.exports.work();
		assertThatThrownBy(() -> this.exports.issueLink(Fixtures.patientSubject(other), java.util.UUID.fromString(theirs),
				"any")).isInstanceOf(DataExportRefused.class);
		Visitor stranger = signedIn(other);
		assertThat(stranger.submit("/patient/my-data", "/patient/my-data/" + theirs + "/download", Map.of()).body())
			.contains("not ready");
	}

	@Test
	void atMostThreeADay() {
		for (int i = 0; i < 3; i++) {
			this.exports.request(Fixtures.patientSubject(this.patient));
			this.exports.work();
			this.jdbc.sql("update data_export set status = 'COLLECTED', content_sealed = null where patient_id = :p")
				.param("p", this.patientId.value())
				.update();
		}
		assertThatThrownBy(() -> this.exports.request(Fixtures.patientSubject(this.patient)))
			.isInstanceOf(DataExportRefused.class)
			.hasMessageContaining("try again tomorrow");
		this.clock.advance(Duration.ofHours(25));
		assertThat(this.exports.request(Fixtures.patientSubject(this.patient))).isNotNull();
	}

	@Test
	void anUncollectedCopyExpiresAfterAWeek() {
		this.exports.request(Fixtures.patientSubject(this.patient));
		this.exports.work();
		this.clock.advance(Duration.ofDays(8));
		this.exports.work();
		assertThat(this.exports.latest(Fixtures.patientSubject(this.patient)).orElseThrow().status())
			.isEqualTo(DataExports.Status.EXPIRED);
		assertThat(partsKept()).isZero();
	}

	/**
	 * A copy larger than a part is kept in sealed parts of at most 1 MiB (nothing of it in
	 * clear, nothing in one piece) and handed over whole, part by part; a part moved to
	 * another place does not open, and nothing is handed over.
	 */
	@Test
	void aLargeCopyIsKeptInSealedPartsAndHandedOverWhole() throws Exception {
		byte[] first = TestFiles.noisePng(900);
		byte[] second = TestFiles.noisePng(901);
		this.documents.upload(Fixtures.patientSubject(this.patient), "Scan one", "one.png", first);
		this.documents.upload(Fixtures.patientSubject(this.patient), "Scan two", "two.png", second);
		Visitor me = signedIn(this.patient);
		String id = this.exports.request(Fixtures.patientSubject(this.patient)).toString();
		this.exports.work();

		List<Integer> sizes = this.jdbc.sql("select length(sealed) from data_export_part where export_id = cast(:id as uuid) order by part")
			.param("id", id)
			.query(Integer.class)
			.list();
		long size = this.jdbc.sql("select size_bytes from data_export where id = cast(:id as uuid)").param("id", id)
			.query(Long.class).single();
		assertThat(size).as("both scans are in it").isGreaterThan(first.length + second.length);
		assertThat(sizes).hasSize((int) ((size + DataExports.PART_SIZE - 1) / DataExports.PART_SIZE))
			.allSatisfy(sealed -> assertThat(sealed).isLessThanOrEqualTo(DataExports.PART_SIZE + 64));
		assertThat(this.jdbc.sql("select count(*) from data_export where id = cast(:id as uuid) and content_sealed is null")
			.param("id", id).query(Integer.class).single()).as("not kept in one piece").isEqualTo(1);
		byte[] firstPart = this.jdbc.sql("select sealed from data_export_part where export_id = cast(:id as uuid) and part = 0")
			.param("id", id).query(byte[].class).single();
		assertThat(new String(firstPart, StandardCharsets.ISO_8859_1)).as("sealed, not a ZIP file's start")
			.doesNotStartWith("PK\u0003\u0004");

		Visitor.Binary zip = me.fetch(me.submit("/patient/my-data", "/patient/my-data/" + id + "/download", Map.of())
			.redirect());
		assertThat(zip.status()).isEqualTo(200);
		assertThat((long) zip.body().length).isEqualTo(size);
		assertThat(new String(zip.body(), StandardCharsets.ISO_8859_1)).startsWith("PK\u0003\u0004");
		Map<String, byte[]> files = unzip(zip.body());
		assertThat(files.keySet()).filteredOn(name -> name.endsWith(".png")).hasSize(3);
		assertThat(files.values()).anySatisfy(content -> assertThat(content.length).isGreaterThan(first.length / 2));
		Awaitility.await("the parts go once handed over").atMost(Duration.ofSeconds(10)).until(() -> partsKept() == 0);

		String again = this.exports.request(Fixtures.patientSubject(this.patient)).toString();
		this.exports.work();
		this.jdbc.sql("""
				update data_export_part set sealed = (select sealed from data_export_part o
				  where o.export_id = data_export_part.export_id and o.part = 1 - data_export_part.part)
				where export_id = cast(:id as uuid) and part in (0, 1)
				""").param("id", again).update();
		Visitor.Binary swapped = me.fetch(me.submit("/patient/my-data", "/patient/my-data/" + again + "/download",
				Map.of()).redirect());
		assertThat(swapped.status()).as("a swapped part does not open").isEqualTo(500);
		assertThat(new String(swapped.body(), StandardCharsets.ISO_8859_1)).doesNotStartWith("PK");
	}

	private int partsKept() {
		return this.jdbc.sql("""
				select count(*) from data_export_part p join data_export e on e.id = p.export_id where e.patient_id = :p
				""").param("p", this.patientId.value()).query(Integer.class).single();
	}

}
