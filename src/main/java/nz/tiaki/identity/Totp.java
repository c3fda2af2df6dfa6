package nz.tiaki.identity;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.spec.SecretKeySpec;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;

/**
 * Time-based one-time passwords (RFC 6238): HMAC-SHA1, six digits, 30-second steps, and one
 * step of drift either way.
 */
final class Totp {

	static final Duration STEP = Duration.ofSeconds(30);

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

	private final TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(STEP, 6,
			TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);

	static byte[] newSecret() {
		byte[] secret = new byte[20];
		RANDOM.nextBytes(secret);
		return secret;
	}

	/**
	 * @return the time step a code belongs to, if it is valid now (within one step either
	 * way)
	 */
	OptionalLong matchingStep(byte[] secret, String typed, Instant now) {
		String code = typed == null ? "" : typed.replaceAll("[\\s-]", "");
		if (!code.matches("\\d{6}")) {
			return OptionalLong.empty();
		}
		long current = now.getEpochSecond() / STEP.getSeconds();
		long found = -1;
		for (long step = current - 1; step <= current + 1; step++) {
			String expected = codeAt(secret, step);
			if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
					code.getBytes(StandardCharsets.US_ASCII))) {
				found = step;
			}
		}
		return found < 0 ? OptionalLong.empty() : OptionalLong.of(found);
	}

	String codeAt(byte[] secret, long step) {
		try {
			int value = this.generator.generateOneTimePassword(new SecretKeySpec(secret, "HmacSHA1"),
					Instant.ofEpochSecond(step * STEP.getSeconds()));
			return String.format("%06d", value);
		}
		catch (InvalidKeyException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String base32(byte[] data) {
		StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
		int buffer = 0;
		int bits = 0;
		for (byte b : data) {
			buffer = (buffer << 8) | (b & 0xff);
			bits += 8;
			while (bits >= 5) {
				out.append(BASE32[(buffer >> (bits - 5)) & 31]);
				bits -= 5;
			}
		}
		if (bits > 0) {
			out.append(BASE32[(buffer << (5 - bits)) & 31]);
		}
		return out.toString();
	}

	static String otpauthUri(byte[] secret, String accountLabel) {
		String label = URLEncoder.encode("Tiaki:" + accountLabel, StandardCharsets.UTF_8).replace("+", "%20");
		return "otpauth://totp/" + label + "?secret=" + base32(secret)
				+ "&issuer=Tiaki&algorithm=SHA1&digits=6&period=30";
	}

}
