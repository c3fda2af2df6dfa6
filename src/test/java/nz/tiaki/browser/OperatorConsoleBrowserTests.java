package nz.tiaki.browser;

import nz.tiaki.clinics.StaffRole;
import nz.tiaki.guard.Guard;
import nz.tiaki.support.BrowserTest;
import nz.tiaki.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator console in a real browser on a phone-sized screen: from a canary alert to its
 * audit slice, the incident's scope, containment and the notices (WCAG 2.2 AA).
 */
class OperatorConsoleBrowserTests extends BrowserTest {

	@Autowired
	private Guard guard;

	@Test
	void anOperatorFollowsAnAlertToContainmentAndNotices() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount bait = this.fixtures.patient(practice);
		this.guard.plantCanary("PATIENT", bait.holderId().toString());
		assertThat(signedIn(doctor).get("/practice/patients/" + bait.holderId()).redirect()).isEqualTo("/signin?locked");

		signInAs(this.fixtures.operator(), "/operator");
		waitForText("Operator console");
		checkAccessible("operator-console");
		browser.findElements(By.partialLinkText("A canary record")).get(0).click();
		waitForText("What was asked for");
		assertThat(find("main").getText()).contains("Refused").contains("Critical");
		checkAccessible("operator-alert");
		browser.findElement(By.linkText("Start an incident from this alert")).click();
		waitForText("Name who is suspected and when");
		checkAccessible("operator-incident-new");
		press("Find what was exposed");
		waitForText("What was exposed");
		checkAccessible("operator-incident-scope");
		press("Contain the incident");
		waitForText("The incident is contained");
		checkAccessible("operator-incident-contained");
		browser.navigate().back();
		waitForText("Tell the people affected");
		type("#title", "A staff account opened a record it had no reason to open");
		press("Issue the notices");
		waitForText("The notices are issued");
		assertThat(find("main").getText()).contains("Draft for the Privacy Commissioner");
		checkAccessible("operator-notices-issued");
	}

}
