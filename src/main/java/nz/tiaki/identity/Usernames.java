package nz.tiaki.identity;

import java.text.Normalizer;
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

}
