package nz.tiaki.browser;

import java.time.LocalDate;
import java.time.ZoneId;

import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.patients.NewPatient;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.BrowserTest;
import nz.tiaki.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A parent link in a real browser on a phone-sized screen: the front desk links a parent to
 * a young child's record; the parent then acts for the child (WCAG 2.2 AA).
 */
class ParentLinksBrowserTests extends BrowserTest {

	@Autowired
	private Practices practices;

	@Test
	void theFrontDeskLinksAParentWhoThenActsForTheChild() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount desk = this.fixtures.staff(practice, StaffRole.RECEPTIONIST);
		Fixtures.TestAccount parent = this.fixtures.patient(practice);
		PatientId child = this.practices.registerPatient(Fixtures.REGISTRAR, practice.id(),
				new NewPatient(Fixtures.uniqueNhi(), "Aroha", "Child",
						LocalDate.now(this.clock.withZone(ZoneId.of("Pacific/Auckland"))).minusYears(6), null));

		signInAs(desk, "/practice");
		open("/practice/patients/" + child.value());
		type("#parent-email", parent.username());
		press("Link the parent");
		waitForText("Confirm you have checked");
		checkAccessible("practice-parent-link-refused");
		type("#parent-email", parent.username());
		browser.findElement(By.cssSelector("label[for='checked']")).click();
		press("Link the parent");
		waitForText("The parent is linked");
		checkAccessible("practice-parent-linked");
		press("Sign out");

		signInAs(parent, "/patient");
		open("/patient/proxies");
		assertThat(find("main").getText()).contains("Aroha Child");
		checkAccessible("patient-acting-for-child");
	}

}
