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
 * Repeat prescriptions in a real browser on a phone-sized screen: a patient asks for one of
 * their medicines; their doctor approves it with a fee; the patient sees the answer (WCAG
 * 2.2 AA).
 */
class RepeatsBrowserTests extends BrowserTest {

	@Autowired
	private Records records;

	@Test
	void aPatientAsksForARepeatAndSeesTheirDoctorsAnswer() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		this.records.add(Fixtures.staffSubject(doctor), new PatientId(patient.holderId()),
				NewEntries.build(Category.MEDICATION, "Salbutamol inhaler", "2 puffs when needed", null, null, null, null));

		signInAs(patient, "/patient");
		browser.findElement(By.partialLinkText("Repeat prescriptions")).click();
		waitForPath("/patient/repeats");
		checkAccessible("patient-repeats");
		browser.findElement(By.xpath("//label[contains(., 'Salbutamol inhaler')]")).click();
		type("#note", "Unichem Queen Street");
		press("Send request");
		waitForText("Your request is sent");
		press("Sign out");

		signInAs(doctor, "/practice");
		browser.findElement(By.linkText("Repeat prescriptions")).click();
		waitForPath("/practice/repeats");
		checkAccessible("practice-repeats");
		type("#fee-0", "15.00");
		type("#message-0", "Ready to collect on Friday");
		press("Approve");
		waitForText("Answered.");
		press("Sign out");

		signInAs(patient, "/patient");
		open("/patient/repeats");
		assertThat(find("main").getText()).contains("Approved").contains("$15.00").contains("Ready to collect on Friday");
	}

}
