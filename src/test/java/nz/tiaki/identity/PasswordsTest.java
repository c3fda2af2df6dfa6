package nz.tiaki.identity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Password rules and hashing (ASVS 5.0 V6.2; OWASP Password Storage).
 */
class PasswordsTest {

	private final Passwords passwords = new Passwords();

	@Test
	void hashesAreArgon2idWithOwaspParameters() {
		String hash = this.passwords.hash("river stones and tea");

		assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
		assertThat(this.passwords.matches("river stones and tea", hash)).isTrue();
		assertThat(this.passwords.matches("river stones and coffee", hash)).isFalse();
		assertThat(this.passwords.hash("river stones and tea")).as("salted").isNotEqualTo(hash);
	}

	@Test
	void aMissingHashNeverMatches() {
		assertThat(this.passwords.matches("anything at all", null)).isFalse();
	}

	@Test
	void theTenThousandMostCommonPasswordsAreRefusedWhateverTheirCase() {
		assertThatThrownBy(() -> this.passwords.checkAcceptable("qwerty123456", "qwerty123456"))
			.isInstanceOf(PasswordRejected.class)
			.hasMessageContaining("most common");
		assertThatThrownBy(() -> this.passwords.checkAcceptable("QWERTY123456", "QWERTY123456"))
			.isInstanceOf(PasswordRejected.class)
			.hasMessageContaining("most common");
	}

	@Test
	void shortAndMismatchedPasswordsAreRefused() {
		assertThatThrownBy(() -> this.passwords.checkAcceptable("eleven char", "eleven char"))
			.hasMessageContaining("at least 12");
		assertThatThrownBy(() -> this.passwords.checkAcceptable("river stones and tea", "river stones and te"))
			.hasMessageContaining("do not match");
		assertThatThrownBy(() -> this.passwords.checkAcceptable("x".repeat(129), "x".repeat(129)))
			.hasMessageContaining("at most 128");
	}

	@Test
	void aLongUncommonPassphraseIsAccepted() {
		this.passwords.checkAcceptable("river stones and tea", "river stones and tea");
	}

	@Test
	void refusalsNeverRepeatThePassword() {
		assertThatThrownBy(() -> this.passwords.checkAcceptable("secret12", "secret12"))
			.hasMessageNotContaining("secret12");
	}

}
