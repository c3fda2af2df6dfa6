package nz.tiaki.documents;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How uploads are checked for malware.
 *
 * @param clamd {@code host:port} of a clamd to stream files to; empty to start one on
 * loopback, when ClamAV is installed on this machine
 * @param whenUnavailable what an upload does when the scanner cannot be reached: refuse it
 * at once, or wait for the scanner up to {@code waitUpTo}, then refuse. Never accept it
 * unscanned.
 * @param waitUpTo longest an upload waits for the scanner
 * @param timeout longest one scan may take
 * @param embeddedCommand the clamd program started when {@code clamd} is empty
 * @param embeddedDir where the started clamd keeps its configuration, log and pid
 * @param signatures the signature databases the started clamd loads; when none are there,
 * it loads a single test signature (the EICAR test file) and says so in the log
 */
@ConfigurationProperties("tiaki.scanning")
public record ScanSettings(String clamd, WhenUnavailable whenUnavailable, Duration waitUpTo, Duration timeout,
		Path embeddedCommand, Path embeddedDir, Path signatures) {

	/** What an upload does while the scanner is down. */
	public enum WhenUnavailable {

		/** Refuse the upload at once. */
		REFUSE,
		/** Hold the upload until the scanner answers or the wait is over, then refuse. */
		WAIT

	}

}
