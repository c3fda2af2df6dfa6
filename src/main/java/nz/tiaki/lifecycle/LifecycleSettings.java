package nz.tiaki.lifecycle;

import java.util.Map;

import nz.tiaki.documents.DocumentKind;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Platform rules for the data lifecycle.
 *
 * @param keepMonths for each kind of practice document, the longest it stays in the portal
 * (a practice may choose less); a kind not named stays until removed. Patients' own
 * uploads stay until the patient removes them.
 * @param dailyAt when the retention job runs (a cron expression, New Zealand time)
 */
@ConfigurationProperties("tiaki.lifecycle")
public record LifecycleSettings(Map<DocumentKind, Integer> keepMonths, String dailyAt) {

	public LifecycleSettings {
		keepMonths = keepMonths == null ? Map.of() : Map.copyOf(keepMonths);
	}

}
