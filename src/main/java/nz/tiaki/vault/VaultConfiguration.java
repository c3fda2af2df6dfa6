package nz.tiaki.vault;

import java.time.Clock;

import nz.tiaki.audit.AuditTrail;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The vault and its master key. Under the {@code prod} profile no master key is ever
 * created: start-up fails unless one is given.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VaultSettings.class)
class VaultConfiguration {

	@Bean
	MasterKey masterKey(VaultSettings settings, Environment environment) {
		return MasterKey.load(settings, !environment.acceptsProfiles(Profiles.of("prod")));
	}

	@Bean
	Vault vault(KeyStore keys, MasterKey master, AuditTrail audit, Clock clock, VaultSettings settings) {
		return new Vault(keys, master, audit, clock, settings);
	}

}
