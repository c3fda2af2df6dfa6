package nz.tiaki.documents;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request signing for the object store, checked against the worked example AWS publishes for
 * Signature Version 4 (a ranged GET of {@code test.txt} from {@code examplebucket}, signed on
 * 24 May 2013 with the documentation's example keys). Whether a real store accepts the
 * signatures is shown by {@code ObjectStorageTests}.
 */
class SignatureV4Test {

	private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

	@Test
	void signsThePublishedExampleExactly() {
		SignatureV4 signer = new SignatureV4("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
				"us-east-1");

		Map<String, String> headers = signer.sign("GET", "/test.txt", "",
				Map.of("Host", "examplebucket.s3.amazonaws.com", "Range", "bytes=0-9"), EMPTY,
				Instant.parse("2013-05-24T00:00:00Z"));

		assertThat(headers.get("authorization")).isEqualTo("AWS4-HMAC-SHA256 "
				+ "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
				+ "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
				+ "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
		assertThat(headers).containsEntry("x-amz-date", "20130524T000000Z").containsEntry("x-amz-content-sha256", EMPTY);
	}

	@Test
	void anyChangeToWhatIsSignedChangesTheSignature() {
		SignatureV4 signer = new SignatureV4("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
				"us-east-1");
		Instant at = Instant.parse("2013-05-24T00:00:00Z");
		Map<String, String> host = Map.of("Host", "examplebucket.s3.amazonaws.com");
		String original = signer.sign("GET", "/test.txt", "", host, EMPTY, at).get("authorization");

		assertThat(signer.sign("PUT", "/test.txt", "", host, EMPTY, at).get("authorization")).isNotEqualTo(original);
		assertThat(signer.sign("GET", "/test2.txt", "", host, EMPTY, at).get("authorization")).isNotEqualTo(original);
		assertThat(signer.sign("GET", "/test.txt", "", host, EMPTY.replace('e', 'f'), at).get("authorization"))
			.isNotEqualTo(original);
		assertThat(signer.sign("GET", "/test.txt", "", host, EMPTY, at.plusSeconds(1)).get("authorization"))
			.isNotEqualTo(original);
		assertThat(new SignatureV4("AKIAIOSFODNN7EXAMPLE", "another secret", "us-east-1")
			.sign("GET", "/test.txt", "", host, EMPTY, at)
			.get("authorization")).isNotEqualTo(original);
	}

}
