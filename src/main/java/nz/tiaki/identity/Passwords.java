package nz.tiaki.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.springframework.core.io.ClassPathResource;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Hashes and checks passwords with Argon2id (OWASP parameters: 19 MiB, 2 iterations, one
 * lane) and applies the password rules.
 */
@Component
class Passwords {

	static final int MIN_LENGTH = 12;

	static final int MAX_LENGTH = 128;

	private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);

	private final String decoyHash;

	private final Set<String> common;

	Passwords() {
		this.decoyHash = this.encoder.encode(UUID.randomUUID().toString());
		this.common = loadCommon();
	}

	String hash(String password) {
		return this.encoder.encode(password);
	}

	/**
	 * Checks a password against a hash, spending the same work when there is no hash so
	 * that an unknown account cannot be told from a known one by time.
	 */
	boolean matches(String password, String hashOrNull) {
		String typed = password == null ? "" : password;
		if (typed.length() > 4 * MAX_LENGTH) {
			typed = typed.substring(0, 4 * MAX_LENGTH);
		}
		if (hashOrNull == null) {
			this.encoder.matches(typed, this.decoyHash);
			return false;
		}
		return this.encoder.matches(typed, hashOrNull);
	}

	void checkAcceptable(String password, String confirmation) {
		if (password == null || password.isEmpty()) {
			throw new PasswordRejected("Enter a password.");
		}
		if (!password.equals(confirmation)) {
			throw new PasswordRejected("The two passwords do not match.");
		}
		int length = password.codePointCount(0, password.length());
		if (length < MIN_LENGTH) {
			throw new PasswordRejected("Use at least " + MIN_LENGTH + " characters. A short phrase of a few words works well.");
		}
		if (length > MAX_LENGTH) {
			throw new PasswordRejected("Use at most " + MAX_LENGTH + " characters.");
		}
		if (this.common.contains(password.toLowerCase(Locale.ROOT))) {
			throw new PasswordRejected("That password is one of the most common passwords, so it is easy to guess. Choose another.");
		}
	}

	private static Set<String> loadCommon() {
		Set<String> words = new HashSet<>(16_384);
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(
				new ClassPathResource("identity/common-passwords.txt").getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (!line.isBlank() && !line.startsWith("#")) {
					words.add(line.strip().toLowerCase(Locale.ROOT));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return Set.copyOf(words);
	}

}
