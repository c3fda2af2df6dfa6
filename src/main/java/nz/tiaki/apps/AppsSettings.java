package nz.tiaki.apps;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Token lifetimes.
 *
 * @param accessTokenLifetime how long an access token works
 * @param refreshTokenLifetime how long a refresh token works (each use replaces it)
 * @param codeLifetime how long an authorisation code may wait to be exchanged
 */
@ConfigurationProperties("tiaki.apps")
public record AppsSettings(Duration accessTokenLifetime, Duration refreshTokenLifetime, Duration codeLifetime) {
}
