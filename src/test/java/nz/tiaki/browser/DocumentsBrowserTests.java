package nz.tiaki.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentId;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.BrowserTest;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.TestFiles;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Documents in a real browser on a phone-sized screen: a patient finds a letter from their
 * practice and downloads it with one press; the file arrives stamped with their name, the
 * page stays where it was, and the one download is one recorded decision (WCAG 2.2 AA).
 */
class DocumentsBrowserTests extends BrowserTest {

	@Autowired
	private Documents documents;

	@Test
	void aPatientDownloadsALetterWithOnePressAndStaysOnTheirDocuments() throws IOException {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		DocumentId letter = this.documents.publish(Fixtures.staffSubject(doctor), new PatientId(patient.holderId()),
				DocumentKind.LETTER, "Referral letter", "referral.pdf", TestFiles.pdf("Referred to physiotherapy"));

		signInAs(patient, "/patient");
		open("/patient/documents");
		checkAccessible("patient-documents");
		saveScreenshot("patient-documents");
		browser.findElement(By.cssSelector("button[aria-label='Download Referral letter']")).click();

		Path file = Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> downloaded("referral.pdf"), found -> found != null);
		try (PDDocument pdf = Loader.loadPDF(Files.readAllBytes(file))) {
			assertThat(new PDFTextStripper().getText(pdf)).contains("Referred to physiotherapy")
				.contains("Downloaded by Given")
				.contains("personal copy");
		}
		assertThat(path()).as("the page stays where it was").isEqualTo("/patient/documents");
		assertThat(find("main").getText()).contains("Referral letter");
		assertThat(this.jdbc.sql("""
				select object_ref from audit_event
				where account_id = :a and action = 'READ_DOCUMENT' and object_ref <> 'document-list'
				""").param("a", patient.id().value()).query(String.class).list())
			.as("one press, one recorded decision")
			.containsExactly("download:" + letter);
	}

	/** The finished download of that name, or {@code null} while it is still arriving. */
	private static Path downloaded(String name) throws IOException {
		try (Stream<Path> files = Files.list(downloads)) {
			List<Path> all = files.toList();
			boolean partial = all.stream().anyMatch(p -> p.getFileName().toString().endsWith(".crdownload"));
			return partial ? null
					: all.stream().filter(p -> p.getFileName().toString().equals(name)).findFirst().orElse(null);
		}
	}

}
