package nz.tiaki.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Sign-in names are e-mail addresses; variants in case, width and white space are the same
 * name.
 */
final class Usernames {

	static final int MAX_LENGTH = 254;

	private Usernames() {
	}

	static String normalize(String typed) {
		if (typed == null) {
			return "";
		}
		String folded = Normalizer.normalize(typed, Normalizer.Form.NFKC).replaceAll("\\s+", "");
		return folded.toLowerCase(Locale.ROOT);
	}

	static boolean plausible(String normalized) {
		int at = normalized.indexOf('@');
		return normalized.length() <= MAX_LENGTH && at > 0 && at == normalized.lastIndexOf('@')
				&& normalized.indexOf('.', at) > at + 1 && !normalized.endsWith(".");
	}

	/**
	 * An opaque reference to a typed name, for throttling keys and audit rows.
	 */
	static String digest(String normalized) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
