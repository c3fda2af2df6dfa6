package nz.tiaki.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import nz.tiaki.access.AccessDenied;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.Multipart;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.TestFiles;
import nz.tiaki.support.Visitor;
import nz.tiaki.support.Visitor.Page;
import nz.tiaki.shared.ids.PatientId;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Documents: what a file really is decides whether it is accepted; hostile files are
 * refused and leave nothing; a download is one recorded decision, asked for only by the
 * page's own form, and stamped (ASVS 5.0 V5.2, V5.3; API Security Top 10 API1, API4;
 * HIPAA 164.312(c)(1)).
 */
class DocumentsTests extends PortalTest {

	@Autowired
	private Documents documents;

	private Fixtures.TestPractice practice;

	private Fixtures.TestAccount patient;

	private Fixtures.TestAccount doctor;

	@BeforeEach
	void people() {
		this.practice = this.fixtures.practice();
		this.patient = this.fixtures.patient(this.practice);
		this.doctor = this.fixtures.staff(this.practice, StaffRole.DOCTOR);
	}

	private int storedFor(Fixtures.TestAccount who) {
		return this.jdbc.sql("select count(*) from document where patient_id = :p")
			.param("p", who.holderId())
			.query(Integer.class)
			.single();
	}

	private Page upload(Visitor visitor, String title, String filename, String type, byte[] content) {
		String csrf = visitor.get("/patient/documents").csrf().orElseThrow();
		return visitor.send(new Multipart().field("title", title)
			.file("file", filename, type, content)
			.post(visitor, "/patient/documents", csrf, "text/html"));
	}

	@Test
	void aPatientUploadsAPictureAndItsMetadataIsGone() {
		Visitor visitor = signedIn(this.patient);

		Page uploaded = upload(visitor, "Rash photo", "rash.png", "image/png",
				TestFiles.pngWithMetadata("GPS -41.2865 174.7762 canary-location"));

		assertThat(uploaded.redirect()).isEqualTo("/patient/documents?added");
		String id = this.jdbc.sql("select id::text from document where patient_id = :p")
			.param("p", this.patient.holderId())
			.query(String.class)
			.single();
		Visitor.Binary file = visitor.download("/patient/documents", "/patient/documents/" + id + "/download");
		assertThat(file.status()).isEqualTo(200);
		assertThat(file.header("Content-Type")).isEqualTo("image/png");
		assertThat(file.header("Content-Disposition")).startsWith("attachment;");
		assertThat(new String(file.body(), StandardCharsets.ISO_8859_1)).doesNotContain("canary-location");
		assertThat(file.body()).startsWith(0x89, 'P', 'N', 'G');
		assertThat(decisions(this.patient)).as("one decision for the download; no name looked up for an image")
			.containsExactly("READ_DOCUMENT download:" + id);
	}

	/** The patient's own recorded decisions about documents and their name for a stamp, oldest first. */
	private java.util.List<String> decisions(Fixtures.TestAccount who) {
		return this.jdbc.sql("""
				select action || ' ' || object_ref from audit_event
				where account_id = :a and category = 'ACCESS' and (action = 'READ_DOCUMENT' or object_ref = 'stamp')
				  and object_ref <> 'document-list'
				order by id
				""").param("a", who.id().value()).query(String.class).list();
	}

	@Test
	void aProgramRenamedToPdfIsRefusedAndNothingIsStored() {
		Visitor visitor = signedIn(this.patient);

		Page linux = upload(visitor, "Letter", "letter.pdf", "application/pdf", TestFiles.executable());
		Page windows = upload(visitor, "Scan", "scan.jpg", "image/jpeg", TestFiles.windowsExecutable());

		assertThat(linux.status()).isEqualTo(200);
		assertThat(linux.body()).contains("a program, which could harm");
		assertThat(windows.body()).contains("a program, which could harm");
		assertThat(storedFor(this.patient)).isZero();
	}

	@Test
	void hostilePdfsAreRefusedWithTheirReason() {
		Visitor visitor = signedIn(this.patient);

		assertThat(upload(visitor, "A", "a.pdf", "application/pdf", TestFiles.pdfWithJavaScript()).body())
			.contains("contains a script");
		assertThat(upload(visitor, "B", "b.pdf", "application/pdf", TestFiles.encryptedPdf()).body())
			.contains("encrypted or password-protected");
		assertThat(upload(visitor, "C", "c.pdf", "application/pdf", TestFiles.pdfWithEmbeddedFile()).body())
			.contains("other files inside it");
		assertThat(storedFor(this.patient)).isZero();
	}

	@Test
	void anUploadOverTheLimitIsRefused() {
		Visitor visitor = signedIn(this.patient);
		byte[] big = new byte[10 * 1024 * 1024 + 1];
		System.arraycopy(TestFiles.pdf("x"), 0, big, 0, 100);

		Page refused = upload(visitor, "Too big", "big.pdf", "application/pdf", big);

		assertThat(refused.body()).contains("larger than 10 MB");
		assertThat(storedFor(this.patient)).isZero();
	}

	@Test
	void aFullQuotaRefusesMore() {
		Visitor visitor = signedIn(this.patient);
		assertThat(upload(visitor, "First", "first.pdf", "application/pdf", TestFiles.pdf("first")).redirect())
			.isEqualTo("/patient/documents?added");
		this.jdbc.sql("update document set size_bytes = :size where patient_id = :p")
			.param("p", this.patient.holderId())
			.param("size", 200L * 1024 * 1024 - 10)
			.update();

		Page refused = upload(visitor, "One more", "one.pdf", "application/pdf", TestFiles.pdf("one more"));

		assertThat(refused.body()).contains("space is full");
		assertThat(storedFor(this.patient)).isEqualTo(1);
	}

	@Test
	void aPublishedPdfIsStampedWithWhoDownloadedIt() throws IOException {
		DocumentId id = this.documents.publish(Fixtures.staffSubject(this.doctor), new PatientId(this.patient.holderId()),
				DocumentKind.DISCHARGE_SUMMARY, "Discharge summary", "summary.pdf", TestFiles.pdf("Discharged well"));
		Visitor visitor = signedIn(this.patient);
		assertThat(visitor.get("/patient/documents").body()).contains("Discharge summary");

		Visitor.Binary file = visitor.download("/patient/documents", "/patient/documents/" + id + "/download");

		assertThat(file.status()).isEqualTo(200);
		assertThat(file.header("Cache-Control")).contains("no-store");
		try (PDDocument pdf = Loader.loadPDF(file.body())) {
			String text = new PDFTextStripper().getText(pdf);
			assertThat(text).contains("Discharged well").contains("Downloaded by Given").contains("personal copy");
		}
		assertThat(decisions(this.patient)).as("the name on the stamp is read through the gate too")
			.containsExactly("READ_DOCUMENT download:" + id, "READ_DEMOGRAPHICS stamp");
	}

	@Test
	void aDownloadNeedsThePagesFormAndIsNeverMadeByALinkFromAnotherSite() {
		DocumentId id = this.documents.publish(Fixtures.staffSubject(this.doctor), new PatientId(this.patient.holderId()),
				DocumentKind.LETTER, "Letter", "letter.pdf", TestFiles.pdf("Dear patient"));
		Visitor visitor = signedIn(this.patient);
		visitor.get("/patient/documents");

		Visitor.Binary byLink = visitor.fetch("/patient/documents/" + id + "/download");
		Page withoutToken = visitor.postForm("/patient/documents/" + id + "/download", Map.of());

		assertThat(byLink.status()).as("a link or an image on another site is a GET").isIn(404, 405);
		assertThat(new String(byLink.body(), StandardCharsets.ISO_8859_1)).doesNotContain("%PDF");
		assertThat(withoutToken.status()).as("a form posted from another site has no token").isEqualTo(403);
		assertThat(decisions(this.patient)).as("nothing was decided, so nothing was read or charged").isEmpty();
		assertThat(visitor.download("/patient/documents", "/patient/documents/" + id + "/download").status())
			.isEqualTo(200);
		assertThat(decisions(this.patient)).containsExactly("READ_DOCUMENT download:" + id,
				"READ_DEMOGRAPHICS stamp");
	}

	@Test
	void anotherPatientsDocumentAnswersExactlyLikeAMissingOne() {
		DocumentId id = this.documents.publish(Fixtures.staffSubject(this.doctor), new PatientId(this.patient.holderId()),
				DocumentKind.LETTER, "Private letter", "letter.pdf", TestFiles.pdf("Private"));
		Visitor attacker = signedIn(this.fixtures.patient(this.practice));

		Page foreign = attacker.submit("/patient/documents", "/patient/documents/" + id + "/download", Map.of());
		Page missing = attacker.submit("/patient/documents", "/patient/documents/" + UUID.randomUUID() + "/download",
				Map.of());

		assertThat(foreign.status()).isEqualTo(404);
		assertThat(missing.status()).isEqualTo(404);
		assertThat(comparable(foreign.body())).isEqualTo(comparable(missing.body()));
		assertThat(this.jdbc.sql("""
				select count(*) from audit_event where object_ref = 'download:' || :d and decision = 'ALLOW'
				""").param("d", id.toString()).query(Integer.class).single())
			.as("the content was never handed over")
			.isZero();
		assertThat(attacker.get("/patient/documents").body()).doesNotContain("Private letter");
	}

	@Test
	void aReceptionistCannotListOrPublishDocuments() {
		Fixtures.TestAccount receptionist = this.fixtures.staff(this.practice, StaffRole.RECEPTIONIST);
		PatientId patientId = new PatientId(this.patient.holderId());

		assertThatThrownBy(() -> this.documents.list(Fixtures.staffSubject(receptionist), patientId))
			.isInstanceOf(AccessDenied.class);
		assertThatThrownBy(() -> this.documents.publish(Fixtures.staffSubject(receptionist), patientId,
				DocumentKind.LETTER, "Letter", "l.pdf", TestFiles.pdf("x")))
			.isInstanceOf(AccessDenied.class);
		assertThat(storedFor(this.patient)).isZero();
	}

	@Test
	void anUploadCutOffHalfWayLeavesNothingBehind() throws IOException {
		Visitor visitor = signedIn(this.patient);
		String csrf = visitor.get("/patient/documents").csrf().orElseThrow();
		byte[] body = new Multipart().field("title", "Cut off").file("file", "cut.pdf", "application/pdf",
				TestFiles.pdf("cut off")).bytes();
		try (Socket socket = new Socket("localhost", PORT)) {
			OutputStream out = socket.getOutputStream();
			String boundary = new String(body, 2, body.length > 60 ? 40 : 10, StandardCharsets.US_ASCII).split("\r\n")[0];
			out.write(("POST /patient/documents HTTP/1.1\r\nHost: localhost:" + PORT + "\r\nCookie: TIAKI_SESSION="
					+ visitor.sessionCookie() + "\r\nX-CSRF-TOKEN: " + csrf
					+ "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: "
					+ (body.length * 4) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(body, 0, body.length / 2);
			out.flush();
		}
		org.awaitility.Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(storedFor(this.patient)).isZero());
		assertThat(visitor.get("/patient/documents").status()).isEqualTo(200);
	}

}
