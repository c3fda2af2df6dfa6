package nz.tiaki.documents;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses where documents' sealed content is kept: an object store when one is configured,
 * PostgreSQL otherwise. Rows written under the other choice stay readable (their content is
 * in the row, or named by their id in the store).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ObjectStoreSettings.class)
class DocumentStorageConfiguration {

	@Bean
	ContentStore contentStore(ObjectStoreSettings settings) {
		return settings.enabled() ? new ObjectStoreContent(settings) : new DatabaseContentStore();
	}

}
