package nz.tiaki.documents;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses where documents' sealed content is kept: an object store or a directory when one is
 * configured (not both), PostgreSQL otherwise. Rows written in PostgreSQL before the switch
 * stay readable, their content being in the row.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ObjectStoreSettings.class, FileStoreSettings.class })
class DocumentStorageConfiguration {

	@Bean
	ContentStore contentStore(ObjectStoreSettings objects, FileStoreSettings files) {
		if (objects.enabled() && files.enabled()) {
			throw new IllegalStateException("Set tiaki.documents.object-store.endpoint or "
					+ "tiaki.documents.file-store.directory, not both: documents' content is kept in one place");
		}
		if (objects.enabled()) {
			return new ObjectStoreContent(objects);
		}
		return files.enabled() ? new FileContentStore(files) : new DatabaseContentStore();
	}

}
