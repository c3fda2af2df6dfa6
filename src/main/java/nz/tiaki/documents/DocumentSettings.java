package nz.tiaki.documents;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits on documents.
 *
 * @param maxPublished largest file a practice may publish
 * @param maxUpload largest file a patient may upload
 * @param patientQuota most a patient may upload in all
 * @param maxPdfPages most pages a PDF may have
 * @param maxImagePixels most pixels an image may have
 */
@ConfigurationProperties("tiaki.documents")
public record DocumentSettings(DataSize maxPublished, DataSize maxUpload, DataSize patientQuota, int maxPdfPages,
		long maxImagePixels) {
}
