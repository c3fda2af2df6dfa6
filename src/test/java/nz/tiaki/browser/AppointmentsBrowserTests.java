package nz.tiaki.browser;

import java.time.LocalDate;

import nz.tiaki.appointments.Appointments;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.support.BrowserTest;
import nz.tiaki.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Appointments in a real browser, on a phone-sized screen: the receptionist publishes a
 * doctor's morning; a patient books a time, sees it, and cancels it; the receptionist sees
 * the day's book (WCAG 2.2 AA).
 */
class AppointmentsBrowserTests extends BrowserTest {

	@Test
	void aReceptionistPublishesTimesAndAPatientBooksAndCancelsOne() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount receptionist = this.fixtures.staff(practice, StaffRole.RECEPTIONIST);
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		LocalDate tomorrow = LocalDate.now(this.clock.withZone(Appointments.ZONE)).plusDays(1);

		signInAs(receptionist, "/practice");
		browser.findElement(By.linkText("Today's appointments")).click();
		waitForText("Add available times");
		browser.executeScript("document.getElementById('slot-day').value = arguments[0]", tomorrow.toString());
		type("#from", "09:00");
		type("#to", "10:00");
		new Select(find("#kind")).selectByVisibleText("At the practice");
		press("Add times");
		waitForText("4 times added.");
		checkAccessible("practice-appointments");
		press("Sign out");

		signInAs(patient, "/patient");
		browser.findElement(By.partialLinkText("Appointments")).click();
		waitForPath("/patient/appointments");
		press("Book an appointment");
		waitForText("Choose a time");
		checkAccessible("patient-book");
		browser.findElements(By.cssSelector(".time-button")).get(1).click();
		waitForText("Your appointment is booked");
		checkAccessible("patient-appointments");
		assertThat(find("main").getText()).contains("9:15");
		browser.findElement(By.xpath("//button[normalize-space()='Cancel']")).click();
		waitForText("Your appointment is cancelled.");
		assertThat(find("main").getText()).contains("You have no appointments booked.");
	}

}
