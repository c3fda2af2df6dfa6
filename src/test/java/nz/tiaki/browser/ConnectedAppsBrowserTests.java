package nz.tiaki.browser;

import java.time.Duration;
import java.util.List;

import nz.tiaki.apps.Apps;
import nz.tiaki.support.BrowserTest;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.SmartApp;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connecting an app in a real browser: the app sends the patient to sign in, then to a
 * consent page that says in plain words what the app may read; the patient leaves one
 * thing out, allows the rest, and later disconnects the app from "Connected apps" (WCAG 2.2
 * AA; SMART App Launch 2.2).
 */
class ConnectedAppsBrowserTests extends BrowserTest {

	@Autowired
	private Apps apps;

	@Test
	void aPatientApprovesPartOfWhatAnAppAsksAndLaterDisconnectsIt() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		String clientId = this.apps.registerPatientApp("Kōwhai Health", List.of(SmartApp.REDIRECT));
		String scope = "openid fhirUser launch/patient offline_access patient/Observation.rs patient/Condition.rs "
				+ "patient/DocumentReference.rs";
		String verifier = SmartApp.verifier();
		open("/oauth2/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + SmartApp.REDIRECT
				+ "&scope=" + scope.replace(" ", "%20") + "&state=browser-state&code_challenge="
				+ SmartApp.challenge(verifier) + "&code_challenge_method=S256");
		waitForPath("/signin");
		type("#username", patient.username());
		type("#password", patient.password());
		press("Sign in");
		waitForPath("/signin/factor");
		this.clock.advance(Duration.ofSeconds(30));
		type("#code", patient.codeAt(this.clock));
		press("Continue");
		new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> path().startsWith("/patient/apps/consent?"));
		checkAccessible("app-consent");
		assertThat(find("h1").getText()).isEqualTo("Let Kōwhai Health read your health record?");
		assertThat(find("main").getText()).contains("Read your test results")
			.contains("Read your documents and clinical notes")
			.contains("Stay connected while you are not using it");

		browser.findElement(By.xpath("//label[contains(., 'Read your documents and clinical notes')]")).click();
		press("Allow");
		new WebDriverWait(browser, Duration.ofSeconds(10))
			.until(driver -> driver.getCurrentUrl().startsWith(SmartApp.REDIRECT));
		assertThat(browser.getCurrentUrl()).contains("state=browser-state");
		SmartApp.Tokens tokens = new SmartApp(ORIGIN, clientId)
			.exchange(SmartApp.query(browser.getCurrentUrl()).get("code"), verifier);
		assertThat(tokens.text("scope")).contains("patient/Observation.rs").doesNotContain("DocumentReference");

		open("/account/security");
		browser.findElement(By.linkText("See and disconnect your apps")).click();
		waitForPath("/patient/apps");
		checkAccessible("connected-apps");
		assertThat(find("main").getText()).contains("Kōwhai Health").contains("Read your test results")
			.doesNotContain("Read your documents and clinical notes");
		press("Disconnect");
		waitForText("The app was disconnected");
		assertThat(this.apps.connected(patient.id())).isEmpty();
	}

}
