package nz.tiaki.vault;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the master key comes from and how long unwrapped data keys stay in memory.
 *
 * @param masterKeyFile a Tink keyset file holding the master key; created on first run
 * (mode 0600) unless the {@code prod} profile is active
 * @param masterKey the master keyset itself, as Tink JSON, when given by configuration
 * (for example from a secret store); takes precedence over the file
 * @param cacheSize how many patients' unwrapped data keys to keep in memory at most
 * @param cacheTtl how long an unwrapped data key stays in memory after its last use
 */
@ConfigurationProperties("tiaki.vault")
public record VaultSettings(Path masterKeyFile, String masterKey, int cacheSize, Duration cacheTtl) {
}
