package nz.tiaki.documents;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * An S3-compatible object store for documents' sealed content. Unset (no endpoint),
 * content stays in PostgreSQL.
 *
 * @param endpoint the store's base address, for example {@code https://s3.ap-southeast-2.amazonaws.com};
 * requests use path-style addresses ({@code endpoint/bucket/key})
 * @param bucket the bucket, which must exist
 * @param region the region the signatures name
 * @param accessKey the access key id
 * @param secretKey the secret key (from the environment or a secrets manager, never a file in
 * the repository)
 * @param prefix what every object's key starts with
 * @param timeout how long one request may take
 */
@ConfigurationProperties("tiaki.documents.object-store")
public record ObjectStoreSettings(URI endpoint, String bucket, @DefaultValue("us-east-1") String region,
		String accessKey, String secretKey, @DefaultValue("documents/") String prefix,
		@DefaultValue("20s") Duration timeout) {

	boolean enabled() {
		return this.endpoint != null;
	}

	@Override
	public String toString() {
		return "ObjectStoreSettings[" + this.endpoint + ", " + this.bucket + "]";
	}

}
