package nz.tiaki.shared.safety;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Under the {@code prod} profile, refuses to start with settings that are fine for trying
 * Tiaki out and unsafe with real patients: the embedded database (it runs without fsync),
 * demo data, an origin that is not HTTPS, or HTTPS that nothing is known to terminate. It
 * runs before anything starts, and lists every problem at once with what to set.
 */
public final class ProductionSafety implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		Environment environment = event.getEnvironment();
		if (!environment.acceptsProfiles(Profiles.of("prod"))) {
			return;
		}
		List<String> problems = problems(environment);
		if (!problems.isEmpty()) {
			throw new IllegalStateException("Tiaki will not start in production with these settings:\n - "
					+ String.join("\n - ", problems));
		}
	}

	/**
	 * @param environment the settings
	 * @return what is unsafe for production, each with what to set instead; empty when
	 * nothing is
	 */
	public static List<String> problems(Environment environment) {
		List<String> problems = new ArrayList<>();
		if (environment.getProperty("tiaki.db.url", "").isBlank()) {
			problems.add("no database is configured, so the embedded PostgreSQL would run, and it runs without "
					+ "fsync: set TIAKI_DB_URL (and the roles' names and passwords) to a PostgreSQL server");
		}
		if (environment.getProperty("tiaki.demo.enabled", Boolean.class, true)) {
			problems.add("demo data is on: set TIAKI_DEMO_ENABLED=false");
		}
		String origin = environment.getProperty("tiaki.web.origin", "");
		if (!origin.startsWith("https://")) {
			problems.add("the origin people use (" + (origin.isBlank() ? "not set" : origin)
					+ ") is not HTTPS: set TIAKI_WEB_ORIGIN to the https:// address of the portal");
		}
		boolean proxies = !environment.getProperty("tiaki.web.trusted-proxies", "").isBlank()
				|| environment.getProperty("tiaki.web.trusted-proxies[0]") != null;
		boolean tls = environment.getProperty("server.ssl.enabled", Boolean.class, false)
				|| environment.getProperty("server.ssl.bundle") != null;
		if (origin.startsWith("https://") && !proxies && !tls) {
			problems.add("nothing is known to terminate TLS: set TIAKI_WEB_TRUSTED_PROXIES to the load balancer "
					+ "that does, or configure server.ssl.* on the portal itself");
		}
		return problems;
	}

}
