package nz.tiaki.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Sign-in, session and invitation policy.
 *
 * @param idleTimeout a session ends after this long without a request
 * @param absoluteTimeout a session ends this long after sign-in, however busy
 * @param stepUpWindow how recent a second-factor check must be for a sensitive change
 * @param invitationValidity how long an invitation code stays valid
 * @param accountDelayAfter failures on one account before each attempt must wait longer
 * @param accountLockAfter failures on one account within the window that lock it
 * @param accountWindow the window failures are counted in
 * @param accountLockDuration how long a lock lasts
 * @param addressLockAfter failures from one address within the window that lock it
 * @param spreadAlertAfter failures across every address and account within the window that
 * raise an alert for Tiaki's operators (credential stuffing spread over many machines, which
 * no one address's count shows); nobody is locked by it
 */
@ConfigurationProperties("tiaki.identity")
public record IdentitySettings(Duration idleTimeout, Duration absoluteTimeout, Duration stepUpWindow,
		Duration invitationValidity, int accountDelayAfter, int accountLockAfter, Duration accountWindow,
		Duration accountLockDuration, int addressLockAfter, int spreadAlertAfter) {
}
