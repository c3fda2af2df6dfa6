package nz.tiaki.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the browser tests: real headless Chromium driving the real portal, with an
 * accessibility check (axe-core, WCAG 2.x A and AA rules) and a screenshot of every page
 * checked, saved under {@code target/screenshots}.
 */
public abstract class BrowserTest extends PortalTest {

	protected static ChromeDriver browser;

	/** Where the browser saves what it downloads, without asking. */
	protected static Path downloads;

	private static String axe;

	@BeforeAll
	static void startBrowser() throws IOException {
		Path profile = Files.createTempDirectory("tiaki-chromium-");
		downloads = Files.createTempDirectory("tiaki-downloads-");
		ChromeOptions options = new ChromeOptions();
		options.setExperimentalOption("prefs", java.util.Map.of("download.default_directory", downloads.toString(),
				"download.prompt_for_download", false));
		options.setBinary(executable("TIAKI_CHROMIUM", "/usr/bin/chromium"));
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-quic", "--no-first-run", "--window-size=390,844", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(Path.of(executable("TIAKI_CHROMEDRIVER", "/usr/bin/chromedriver")).toFile())
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
		browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
		try (InputStream in = BrowserTest.class
			.getResourceAsStream("/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
			axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static String executable(String variable, String fallback) {
		String configured = System.getenv(variable);
		String path = configured == null || configured.isBlank() ? fallback : configured;
		assertThat(Path.of(path)).as("browser tests need %s (install Debian's chromium and chromium-driver)", path)
			.isExecutable();
		return path;
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@BeforeEach
	void freshBrowser() {
		browser.get(ORIGIN + "/signin");
		browser.manage().deleteAllCookies();
	}

	/**
	 * Signs in through the pages with password and a fresh authenticator code.
	 */
	protected void signIn(Fixtures.TestAccount account) {
		type("#username", account.username());
		type("#password", account.password());
		press("Sign in");
		waitForPath("/signin/factor");
		this.clock.advance(Duration.ofSeconds(30));
		type("#code", account.codeAt(this.clock));
		press("Continue");
	}

	/**
	 * Opens the sign-in page, signs in with both factors, and waits for the home page.
	 */
	protected void signInAs(Fixtures.TestAccount account, String home) {
		open("/signin");
		signIn(account);
		waitForPath(home);
	}

	protected void open(String path) {
		browser.get(ORIGIN + path);
	}

	protected String path() {
		return browser.getCurrentUrl().replaceFirst("^https?://[^/]+", "");
	}

	protected WebElement find(String css) {
		return browser.findElement(By.cssSelector(css));
	}

	protected void type(String css, String text) {
		WebElement field = find(css);
		field.clear();
		field.sendKeys(text);
	}

	protected void press(String buttonText) {
		browser.findElement(By.xpath("//button[normalize-space()='" + buttonText + "'] | //a[normalize-space()='"
				+ buttonText + "']")).click();
	}

	protected void waitForPath(String expected) {
		new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> path().equals(expected));
	}

	/**
	 * Waits until the page shows the text. The page may be replaced between finding its body
	 * and reading it (a form's answer arriving): Chromium then says the element is stale, or
	 * that its node "does not belong to the document"; both mean look again.
	 */
	protected void waitForText(String text) {
		new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
			.until(d -> {
				try {
					return d.findElement(By.tagName("body")).getText().contains(text);
				}
				catch (org.openqa.selenium.WebDriverException ex) {
					if (ex.getMessage() != null && ex.getMessage().contains("does not belong to the document")) {
						return false;
					}
					throw ex;
				}
			});
	}

	/**
	 * Runs axe-core's WCAG 2.0/2.1 A and AA rules on the current page, saves a screenshot
	 * named after the page, and fails listing every violation.
	 */
	@SuppressWarnings("unchecked")
	protected void checkAccessible(String name) {
		saveScreenshot(name);
		browser.executeScript(axe);
		Object result = browser.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
				  .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
				      nodes: v.nodes.map(n => n.target.join(' ')).join(', ') }))))
				  .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: '' }]));
				""");
		List<Map<String, Object>> violations = (List<Map<String, Object>>) result;
		assertThat(violations).as("accessibility of %s (%s)", name, path()).isEmpty();
	}

	protected void saveScreenshot(String name) {
		try {
			Path folder = Path.of("target", "screenshots");
			Files.createDirectories(folder);
			Files.write(folder.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Adds a platform authenticator (CTAP2, resident keys, user verification) to the browser,
	 * as a phone or laptop with a passkey would have; remove it when done.
	 */
	protected org.openqa.selenium.virtualauthenticator.VirtualAuthenticator addPasskeyAuthenticator() {
		return ((org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator) browser).addVirtualAuthenticator(
				new org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions()
					.setProtocol(org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Protocol.CTAP2)
					.setTransport(org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Transport.INTERNAL)
					.setHasResidentKey(true)
					.setHasUserVerification(true)
					.setIsUserVerified(true));
	}

	protected void removePasskeyAuthenticator(org.openqa.selenium.virtualauthenticator.VirtualAuthenticator authenticator) {
		((org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator) browser)
			.removeVirtualAuthenticator(authenticator);
	}

}
