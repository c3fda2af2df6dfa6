package nz.tiaki.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.records.Category;
import nz.tiaki.records.EntryId;
import nz.tiaki.records.NewEntries;
import nz.tiaki.records.Records;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.BrowserTest;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.TestFiles;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health record, documents and access history in a real browser, each page checked
 * for accessibility on a phone-sized screen.
 */
class RecordBrowserTests extends BrowserTest {

	@Autowired
	private Records records;

	@Autowired
	private Documents documents;

	@Autowired
	private nz.tiaki.clinics.Practices practices;

	@Test
	void aPatientReadsTheirRecordUploadsADocumentAndSeesWhoLooked() throws Exception {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		PatientId id = new PatientId(patient.holderId());
		var clinician = Fixtures.staffSubject(doctor);
		this.records.add(clinician, id, NewEntries.build(Category.ALLERGY, "Penicillin", "high", null, null, null, null));
		this.records.add(clinician, id, NewEntries.build(Category.CONDITION, "Asthma", "", null, null, null, null));
		this.records.add(clinician, id,
				NewEntries.build(Category.MEDICATION, "Salbutamol inhaler", "2 puffs when needed", null, null, null, null));
		EntryId result = this.records.add(clinician, id,
				NewEntries.build(Category.RESULT, "Potassium", "", "5.9", "mmol/L", "3.5", "5.2"));
		this.records.release(clinician, result);
		EntryId note = this.records.add(clinician, id, NewEntries.build(Category.NOTE, "Asthma review",
				"Reviewed inhaler technique. Peak flow 420.\nPlan: continue salbutamol as needed.", null, null, null, null));
		this.records.release(clinician, note);
		this.documents.publish(clinician, id, DocumentKind.LETTER, "Letter about your asthma", "letter.pdf",
				TestFiles.pdf("Dear patient"));

		open("/signin");
		type("#username", patient.username());
		type("#password", patient.password());
		press("Sign in");
		waitForPath("/signin/factor");
		this.clock.advance(Duration.ofSeconds(30));
		type("#code", patient.codeAt(this.clock));
		press("Continue");
		waitForPath("/patient");

		open("/patient/health");
		checkAccessible("patient-health");
		assertThat(find("main").getText()).contains("Penicillin").contains("Asthma").contains("Salbutamol inhaler");
		open("/patient/results");
		checkAccessible("patient-results");
		browser.findElement(By.linkText("Potassium")).click();
		waitForText("higher than the normal range");
		checkAccessible("patient-result");
		open("/patient/notes/" + note);
		checkAccessible("patient-note");
		assertThat(find(".note-text").getText()).contains("Peak flow 420");

		open("/patient/documents");
		checkAccessible("patient-documents");
		Path upload = Files.createTempFile("photo-", ".png");
		Files.write(upload, TestFiles.pngWithMetadata("GPS somewhere"));
		type("#title", "Photo of my rash");
		find("#file").sendKeys(upload.toAbsolutePath().toString());
		press("Add document");
		waitForText("Your document has been added");
		assertThat(find("main").getText()).contains("Photo of my rash").contains("Letter about your asthma");

		open("/patient/access");
		checkAccessible("patient-access-history");
		assertThat(find("main").getText()).contains("You").contains("Opened your test results")
			.contains(", Doctor, ");
	}

	@Test
	void aClinicianSeesTheRecordAndAnOutsiderIsOfferedEmergencyAccess() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		PatientId id = new PatientId(patient.holderId());
		this.records.add(Fixtures.staffSubject(doctor), id,
				NewEntries.build(Category.RESULT, "Sodium", "", "139", "mmol/L", "135", "145"));
		for (int i = 0; i < 55; i++) {
			this.practices.registerPatient(Fixtures.REGISTRAR, practice.id(), new nz.tiaki.patients.NewPatient(
					Fixtures.uniqueNhi(), "Listed" + i, "Paged" + i, java.time.LocalDate.of(1990, 1, 1 + i % 28), null));
		}

		open("/signin");
		signIn(doctor);
		waitForPath("/practice");
		assertThat(find("#patients-count").getText())
			.isEqualTo("The 50 most recently enrolled of your practice's 56 patients. Find anyone else by NHI number above.");
		checkAccessible("practice-home-first-page");
		press("Next 50 patients");
		waitForText("More of your practice's 56 patients");
		assertThat(browser.findElements(By.cssSelector("tbody tr"))).hasSize(6);
		checkAccessible("practice-home-next-page");
		open("/practice/patients/" + id);
		checkAccessible("clinician-record");
		assertThat(find("main").getText()).contains("Sodium").contains("Release now");
		press("Sign out");
		waitForText("You have signed out");

		Fixtures.TestAccount outsider = this.fixtures.staff(this.fixtures.practice(), StaffRole.NURSE);
		String nhi = this.fixtures.nhiOf(id);
		signIn(outsider);
		waitForPath("/practice");
		open("/practice/find?nhi=" + nhi);
		waitForText("not enrolled at your practice");
		checkAccessible("emergency-access");
	}

}
