package nz.tiaki.browser;

import nz.tiaki.clinics.StaffRole;
import nz.tiaki.records.Category;
import nz.tiaki.records.NewEntries;
import nz.tiaki.records.Records;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.BrowserTest;
import nz.tiaki.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A correction in a real browser on a phone-sized screen: the patient asks from their
 * health page; their doctor corrects the entry; the patient sees it (WCAG 2.2 AA).
 */
class CorrectionsBrowserTests extends BrowserTest {

	@Autowired
	private Records records;

	@Test
	void aPatientAsksAndTheirDoctorCorrects() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		this.records.add(Fixtures.staffSubject(doctor), new PatientId(patient.holderId()),
				NewEntries.build(Category.ALLERGY, "Penicillin", "high", null, null, null, null));

		signInAs(patient, "/patient");
		open("/patient/health");
		browser.findElement(By.cssSelector("a[aria-label='Ask for a correction of Penicillin']")).click();
		waitForText("What is wrong, and what should it say?");
		checkAccessible("patient-correction-form");
		type("#request", "It was amoxicillin, and it gave me a mild rash, not a severe reaction.");
		press("Send to my practice");
		waitForText("Your request has been sent");
		checkAccessible("patient-corrections");
		press("Sign out");

		signInAs(doctor, "/practice");
		browser.findElement(By.linkText("Correction requests")).click();
		waitForPath("/practice/corrections");
		browser.findElement(By.linkText("Penicillin")).click();
		waitForText("What the patient asks");
		checkAccessible("practice-correction");
		browser.findElement(By.id("name")).clear();
		type("#name", "Amoxicillin");
		browser.findElement(By.id("detail")).clear();
		type("#detail", "low");
		press("Correct it");
		waitForText("Answered. The patient has been told.");
		press("Sign out");

		signInAs(patient, "/patient");
		open("/patient/corrections");
		assertThat(find("main").getText()).contains("Corrected").contains("Amoxicillin");
	}

}
