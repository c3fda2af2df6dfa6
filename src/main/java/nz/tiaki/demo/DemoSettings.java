package nz.tiaki.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Whether to seed demo data on a first run with the embedded database.
 *
 * @param enabled seed when the embedded database is empty
 */
@ConfigurationProperties("tiaki.demo")
public record DemoSettings(boolean enabled) {
}
