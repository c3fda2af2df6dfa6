package nz.tiaki.browser;

import nz.tiaki.clinics.StaffRole;
import nz.tiaki.support.BrowserTest;
import nz.tiaki.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messaging in a real browser on a phone-sized screen: a patient writes to the front desk,
 * the receptionist answers saying no reply is needed, and the patient reads it (WCAG 2.2
 * AA).
 */
class MessagingBrowserTests extends BrowserTest {

	@Test
	void aPatientWritesToTheFrontDeskAndReadsTheAnswer() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount receptionist = this.fixtures.staff(practice, StaffRole.RECEPTIONIST);
		Fixtures.TestAccount patient = this.fixtures.patient(practice);

		signInAs(patient, "/patient");
		open("/patient/proxies");
		checkAccessible("patient-proxies");
		open("/patient");
		browser.findElement(By.partialLinkText("Messages")).click();
		waitForPath("/patient/messages");
		press("Write a message");
		waitForText("Write a message");
		checkAccessible("patient-message-new");
		new Select(find("#to")).selectByVisibleText("The front desk");
		type("#subject", "New address");
		type("#body", "I have moved to 12 Kōwhai Street, Wellington.");
		press("Send");
		waitForText("Sent. Your practice will answer here.");
		checkAccessible("patient-conversation");
		press("Sign out");

		signInAs(receptionist, "/practice");
		browser.findElement(By.linkText("Messages")).click();
		waitForPath("/practice/messages");
		checkAccessible("practice-messages");
		browser.findElement(By.linkText("New address")).click();
		waitForText("12 Kōwhai Street");
		type("#reply", "Thank you, we have updated your address.");
		browser.findElement(By.cssSelector("label[for=no-reply]")).click();
		press("Send reply");
		waitForText("No reply is needed.");
		press("Sign out");

		signInAs(patient, "/patient");
		open("/patient/messages");
		assertThat(find("main").getText()).contains("New address").contains("1 new");
		browser.findElement(By.linkText("New address")).click();
		waitForText("we have updated your address");
		assertThat(find("main").getText()).contains("No reply is needed.");
	}

}
