package nz.tiaki.audit;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The audit log's signing key and its sealing schedule.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(AuditSettings.class)
class AuditConfiguration {

	@Bean
	CheckpointSigner checkpointSigner(AuditSettings settings) {
		return CheckpointSigner.load(settings.signingKeyFile());
	}

}
