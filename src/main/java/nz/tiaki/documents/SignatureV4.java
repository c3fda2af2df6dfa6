package nz.tiaki.documents;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests to an S3-compatible object store (AWS Signature Version 4, header form).
 * The secret never travels: each request carries an HMAC-SHA256 signature over its method,
 * path, query, chosen headers and the SHA-256 of its body, under a key derived from the
 * secret for one day, region and service.
 */
final class SignatureV4 {

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private static final HexFormat HEX = HexFormat.of();

	private final String accessKey;

	private final byte[] secret;

	private final String region;

	SignatureV4(String accessKey, String secretKey, String region) {
		this.accessKey = accessKey;
		this.secret = ("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8);
		this.region = region;
	}

	/**
	 * @param method the HTTP method
	 * @param path the request path, already percent-encoded as sent
	 * @param query the canonical query string (names and values encoded, sorted), or empty
	 * @param headers the headers to sign, {@code host} among them; names are lower-cased
	 * here; {@code x-amz-date} and {@code x-amz-content-sha256} are added
	 * @param payloadHash hex SHA-256 of the body
	 * @param at the moment of signing
	 * @return every header the request must carry for the signature, {@code authorization}
	 * included ({@code host} too, which an HTTP client sets itself)
	 */
	Map<String, String> sign(String method, String path, String query, Map<String, String> headers, String payloadHash,
			Instant at) {
		String stamp = STAMP.format(at);
		String day = stamp.substring(0, 8);
		TreeMap<String, String> signed = new TreeMap<>();
		headers.forEach((name, value) -> signed.put(name.toLowerCase(java.util.Locale.ROOT), value.strip()));
		signed.put("x-amz-date", stamp);
		signed.put("x-amz-content-sha256", payloadHash);
		StringBuilder canonical = new StringBuilder();
		canonical.append(method).append('\n').append(path).append('\n').append(query).append('\n');
		signed.forEach((name, value) -> canonical.append(name).append(':').append(value).append('\n'));
		String names = String.join(";", signed.keySet());
		canonical.append('\n').append(names).append('\n').append(payloadHash);
		String scope = day + "/" + this.region + "/s3/aws4_request";
		String toSign = "AWS4-HMAC-SHA256\n" + stamp + "\n" + scope + "\n"
				+ sha256Hex(canonical.toString().getBytes(StandardCharsets.UTF_8));
		byte[] key = hmac(hmac(hmac(hmac(this.secret, day), this.region), "s3"), "aws4_request");
		String signature = HEX.formatHex(hmac(key, toSign));
		signed.put("authorization", "AWS4-HMAC-SHA256 Credential=" + this.accessKey + "/" + scope + ", SignedHeaders="
				+ names + ", Signature=" + signature);
		return signed;
	}

	static String sha256Hex(byte[] bytes) {
		try {
			return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] hmac(byte[] key, String data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return "SignatureV4[" + this.region + "]";
	}

}
