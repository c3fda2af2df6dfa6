package nz.tiaki.browser;

import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.BrowserTest;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.TestFiles;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data lifecycle in a real browser on a phone-sized screen: a practice administrator
 * shortens how long letters stay; the patient sees when each document leaves, removes a
 * file of their own, and reads what closing the account would do (WCAG 2.2 AA).
 */
class LifecycleBrowserTests extends BrowserTest {

	@Autowired
	private Documents documents;

	@Test
	void aPracticeSetsItsRulesAndThePatientSeesThem() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		this.documents.publish(Fixtures.staffSubject(doctor), new PatientId(patient.holderId()), DocumentKind.LETTER,
				"Letter from the fracture clinic", "letter.pdf", TestFiles.pdf("Fracture clinic"));
		this.documents.upload(Fixtures.patientSubject(patient), "Physio exercises", "physio.pdf",
				TestFiles.pdf("Exercises"));

		signInAs(practice.admin(), "/practice");
		browser.findElement(By.linkText("How long documents stay")).click();
		waitForPath("/practice/retention");
		type("#months_LETTER", "99");
		press("Save");
		waitForText("Nothing was saved");
		checkAccessible("practice-retention-refused");
		browser.findElement(By.id("months_LETTER")).clear();
		type("#months_LETTER", "1");
		press("Save");
		waitForText("Your choices have been saved");
		checkAccessible("practice-retention");
		press("Sign out");

		signInAs(patient, "/patient");
		open("/patient/documents");
		assertThat(find("main").getText()).contains("Leaving soon").contains("Until you remove it");
		checkAccessible("patient-documents-retention");
		browser.findElement(By.cssSelector("a[aria-label='Remove Physio exercises']")).click();
		waitForText("cannot be brought back");
		checkAccessible("patient-document-remove");
		press("Remove the document");
		waitForText("The document has been removed");
		assertThat(find("table").getText()).doesNotContain("Physio exercises");

		open("/account/security");
		browser.findElement(By.linkText("close your account")).click();
		waitForPath("/patient/account/close");
		checkAccessible("patient-close-account");
		press("Close my account");
		waitForText("Tick the box");
		assertThat(path()).isEqualTo("/patient/account/close");
	}

	@Autowired
	private nz.tiaki.lifecycle.DataExports exports;

	@Test
	void aPatientWatchesTheirCopyBeingMadeAndCollectsIt() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		this.documents.upload(Fixtures.patientSubject(patient), "Physio exercises", "physio.pdf",
				TestFiles.pdf("Exercises"));

		signInAs(patient, "/patient");
		browser.findElement(By.partialLinkText("A copy of my information")).click();
		waitForPath("/patient/my-data");
		checkAccessible("patient-my-data");
		press("Make a copy of my information");
		waitForText("Your copy is being made");
		checkAccessible("patient-my-data-progress");
		this.exports.work();
		waitForText("Your copy is ready");
		checkAccessible("patient-my-data-ready");
		assertThat(find("main").getText()).contains("You can download it once");
	}

}
