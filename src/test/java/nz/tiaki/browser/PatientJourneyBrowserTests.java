package nz.tiaki.browser;

import java.time.Duration;

import nz.tiaki.support.BrowserTest;
import nz.tiaki.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journeys a new patient makes, in a real browser, checking every page for
 * accessibility on a phone-sized screen (WCAG 2.2 AA as far as axe-core checks it).
 */
class PatientJourneyBrowserTests extends BrowserTest {

	@Test
	void invitedPatientSetsUpAnAppThenSignsOutAndBackIn() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.InvitedPatient patient = this.fixtures.invitedPatient(practice);

		open("/signin");
		checkAccessible("signin");
		signIn(practice.admin());
		waitForPath("/practice");
		checkAccessible("practice-home");

		open("/practice/patients/" + patient.id() + "/invite");
		checkAccessible("practice-invite");
		press("Create invitation");
		waitForText("Invitation ready");
		checkAccessible("practice-invited");
		String code = find("#invitation-code").getText();
		press("Sign out");
		waitForText("You have signed out");

		redeem(patient, code, true);
		checkAccessible("enrol");
		assertThat(find("main").getText()).contains(patient.email());

		press("Set up an authenticator app");
		waitForPath("/enrol/app");
		checkAccessible("enrol-app");
		byte[] secret = Fixtures.base32(find("#manual-key").getText());
		type("#code", Fixtures.totp(secret, this.clock.instant()));
		press("Check code and continue");
		waitForText("Save your recovery codes");
		checkAccessible("recovery-codes");
		assertThat(browser.findElements(org.openqa.selenium.By.cssSelector(".codes li"))).hasSize(10);
		press("I have saved my codes");
		waitForPath("/patient");
		checkAccessible("patient-home");

		open("/account/security");
		checkAccessible("my-security");
		press("Sign out");
		waitForText("You have signed out");

		type("#username", patient.email());
		type("#password", "kumara and kawakawa tea");
		press("Sign in");
		waitForPath("/signin/factor");
		checkAccessible("second-factor");
		this.clock.advance(Duration.ofSeconds(30));
		type("#code", Fixtures.totp(secret, this.clock.instant()));
		press("Continue");
		waitForPath("/patient");
		assertThat(find("h1").getText()).startsWith("Kia ora");
	}

	@Test
	void invitedPatientSetsUpAPasskeyAndSignsInWithIt() {
		VirtualAuthenticator authenticator = addPasskeyAuthenticator();
		try {
			Fixtures.InvitedPatient patient = this.fixtures.invitedPatient(this.fixtures.practice());
			redeem(patient, patient.code(), false);

			type("#passkey-label", "Test phone");
			press("Create a passkey");
			waitForText("Save your recovery codes");
			assertThat(authenticator.getCredentials()).hasSize(1);
			press("I have saved my codes");
			waitForPath("/patient");

			open("/account/passkey");
			checkAccessible("add-passkey");
			open("/account/security");
			assertThat(find("main").getText()).contains("Test phone").contains("Passkey");
			press("Sign out");
			waitForText("You have signed out");

			press("Sign in with a passkey");
			waitForPath("/patient");
			assertThat(find("h1").getText()).startsWith("Kia ora");
			assertThat(this.jdbc.sql("select count(*) from audit_event where event_type = 'SIGNED_IN' and detail = 'passkey'")
				.query(Integer.class)
				.single()).isPositive();
		}
		finally {
			removePasskeyAuthenticator(authenticator);
		}
	}

	@Test
	void practiceAdministratorPagesAreAccessible() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		open("/signin");
		signIn(practice.admin());
		waitForPath("/practice");

		open("/practice/staff");
		checkAccessible("practice-staff");
		type("#name", "Nurse Browser");
		type("#email", "nurse.browser." + System.nanoTime() + "@example.org");
		new org.openqa.selenium.support.ui.Select(find("#role")).selectByValue("NURSE");
		press("Add and create set-up code");
		waitForText("Set-up code for Nurse Browser");
		checkAccessible("practice-staff-invited");

		open("/practice/alerts");
		checkAccessible("practice-alerts");
		open("/practice/reason");
		checkAccessible("practice-reason");
		open("/account/confirm");
		checkAccessible("step-up");
		open("/practice/patients/00000000-0000-0000-0000-000000000000/invite");
		checkAccessible("not-found");
		press("Sign out");
		waitForText("You have signed out");
		open("/invitation/staff");
		checkAccessible("invitation-staff");
		open("/breach-status");
		checkAccessible("breach-status");
	}

	private void redeem(Fixtures.InvitedPatient patient, String code, boolean check) {
		open("/invitation");
		if (check) {
			checkAccessible("invitation");
		}
		type("#code", code);
		type("#day", String.valueOf(patient.birthDate().getDayOfMonth()));
		type("#month", String.valueOf(patient.birthDate().getMonthValue()));
		type("#year", String.valueOf(patient.birthDate().getYear()));
		type("#password", "kumara and kawakawa tea");
		type("#confirmation", "kumara and kawakawa tea");
		press("Set up account");
		waitForPath("/enrol");
	}

}
