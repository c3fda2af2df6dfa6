package nz.tiaki.identity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Time-based codes against the RFC 6238 SHA-1 test vectors (last six digits), with one step
 * of drift either way and no more.
 */
class TotpTest {

	private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

	private final Totp totp = new Totp();

	@Test
	void codesMatchTheRfcTestVectors() {
		assertThat(this.totp.codeAt(SECRET, 59 / 30)).isEqualTo("287082");
		assertThat(this.totp.codeAt(SECRET, 1111111109L / 30)).isEqualTo("081804");
		assertThat(this.totp.codeAt(SECRET, 1234567890L / 30)).isEqualTo("005924");
		assertThat(this.totp.codeAt(SECRET, 2000000000L / 30)).isEqualTo("279037");
	}

	@Test
	void aCodeIsAcceptedOneStepEitherWayButNotTwo() {
		Instant at = Instant.ofEpochSecond(1234567890L);

		assertThat(this.totp.matchingStep(SECRET, "005924", at)).hasValue(1234567890L / 30);
		assertThat(this.totp.matchingStep(SECRET, "005924", at.plusSeconds(30))).isPresent();
		assertThat(this.totp.matchingStep(SECRET, "005924", at.minusSeconds(30))).isPresent();
		assertThat(this.totp.matchingStep(SECRET, "005924", at.plusSeconds(60))).isEmpty();
		assertThat(this.totp.matchingStep(SECRET, "005924", at.minusSeconds(60))).isEmpty();
	}

	@Test
	void malformedInputNeverMatches() {
		Instant at = Instant.ofEpochSecond(1234567890L);

		assertThat(this.totp.matchingStep(SECRET, null, at)).isEmpty();
		assertThat(this.totp.matchingStep(SECRET, "", at)).isEmpty();
		assertThat(this.totp.matchingStep(SECRET, "5924", at)).isEmpty();
		assertThat(this.totp.matchingStep(SECRET, "00592a", at)).isEmpty();
		assertThat(this.totp.matchingStep(SECRET, "0059245", at)).isEmpty();
		assertThat(this.totp.matchingStep(SECRET, "005 924", at)).isPresent();
	}

	@Test
	void base32MatchesRfc4648() {
		assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
		assertThat(Totp.base32("f".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MY");
	}

	@Test
	void otpauthUriNamesTheIssuerAndAccount() {
		assertThat(Totp.otpauthUri("foobar".getBytes(StandardCharsets.US_ASCII), "pat@example.org"))
			.isEqualTo("otpauth://totp/Tiaki%3Apat%40example.org?secret=MZXW6YTBOI&issuer=Tiaki&algorithm=SHA1&digits=6&period=30");
	}

}
