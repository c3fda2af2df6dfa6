package nz.tiaki.identity;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.Visitor;
import nz.tiaki.support.Visitor.Page;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Enrolment by invitation only: single-use, expiring codes checked against the date of
 * birth, throttled like passwords (ASVS 5.0 V6.4).
 */
class InvitationTests extends PortalTest {

	@org.springframework.beans.factory.annotation.Autowired
	private Invitations invitations;

	private Fixtures.TestPractice practice;

	private Fixtures.InvitedPatient invited;

	@BeforeEach
	void people() {
		this.practice = this.fixtures.practice();
		this.invited = this.fixtures.invitedPatient(this.practice);
	}

	private Map<String, String> redemption(String code, LocalDate born, String password) {
		Map<String, String> form = new HashMap<>();
		form.put("code", code);
		form.put("day", String.valueOf(born.getDayOfMonth()));
		form.put("month", String.valueOf(born.getMonthValue()));
		form.put("year", String.valueOf(born.getYear()));
		form.put("password", password);
		form.put("confirmation", password);
		return form;
	}

	private Page redeem(Visitor visitor, String code, LocalDate born, String password) {
		return visitor.submit("/invitation", "/invitation", redemption(code, born, password));
	}

	private int accounts() {
		return this.jdbc.sql("select count(*) from account where holder_id = :id")
			.param("id", this.invited.id().value())
			.query(Integer.class)
			.single();
	}

	@Test
	void redeemingWithTheRightBirthDateCreatesAnAccountThatMustAddASecondFactor() {
		Visitor visitor = visitor();

		Page redeemed = redeem(visitor, this.invited.code().toLowerCase(), this.invited.birthDate(),
				"river stones and tea");

		assertThat(redeemed.redirect()).isEqualTo("/enrol");
		assertThat(accounts()).isEqualTo(1);
		assertThat(visitor.get("/enrol").body()).contains(this.invited.email());
		assertThat(visitor.get("/patient").redirect()).isEqualTo("/signin/factor");
		assertThat(visitor.get("/signin/factor").redirect()).isEqualTo("/enrol");
	}

	@Test
	void wrongBirthDateIsRefusedAndNothingIsCreated() {
		Page refused = redeem(visitor(), this.invited.code(), this.invited.birthDate().plusDays(1),
				"river stones and tea");

		assertThat(refused.status()).isEqualTo(200);
		assertThat(refused.body()).contains("We could not match that code");
		assertThat(accounts()).isZero();
	}

	@Test
	void unknownCodeAndWrongBirthDateGetTheSameAnswer() {
		Page wrongDate = redeem(visitor(), this.invited.code(), this.invited.birthDate().plusDays(1),
				"river stones and tea");
		Page unknownCode = redeem(visitor(), "AAAA-BBBB-CCCC", this.invited.birthDate(), "river stones and tea");

		assertThat(unknownCode.status()).isEqualTo(wrongDate.status());
		assertThat(strip(unknownCode.body())).isEqualTo(strip(wrongDate.body()));
	}

	@Test
	void fiveWrongBirthDatesVoidTheInvitation() {
		for (int i = 1; i <= 5; i++) {
			this.clock.advance(Duration.ofSeconds(61));
			redeem(visitor(), this.invited.code(), this.invited.birthDate().plusDays(i), "river stones and tea");
		}
		this.clock.advance(Duration.ofSeconds(61));

		Page late = redeem(visitor(), this.invited.code(), this.invited.birthDate(), "river stones and tea");

		assertThat(late.body()).contains("We could not match that code");
		assertThat(accounts()).isZero();
	}

	@Test
	void aCodeWorksOnlyOnce() {
		assertThat(redeem(visitor(), this.invited.code(), this.invited.birthDate(), "river stones and tea")
			.redirect()).isEqualTo("/enrol");

		Page again = redeem(visitor(), this.invited.code(), this.invited.birthDate(), "another fine passphrase");

		assertThat(again.body()).contains("We could not match that code");
		assertThat(accounts()).isEqualTo(1);
	}

	@Test
	void anExpiredCodeIsRefused() {
		this.clock.advance(Duration.ofDays(15));

		Page late = redeem(visitor(), this.invited.code(), this.invited.birthDate(), "river stones and tea");

		assertThat(late.body()).contains("We could not match that code");
		assertThat(accounts()).isZero();
	}

	@Test
	void weakPasswordsAreRefusedAndTheCodeStillWorks() {
		Page common = redeem(visitor(), this.invited.code(), this.invited.birthDate(), "qwerty123456");
		Page shortOne = redeem(visitor(), this.invited.code(), this.invited.birthDate(), "short pass");
		Map<String, String> mismatch = redemption(this.invited.code(), this.invited.birthDate(), "river stones and tea");
		mismatch.put("confirmation", "river stones and coffee");
		Page different = visitor().submit("/invitation", "/invitation", mismatch);

		assertThat(common.body()).contains("one of the most common passwords");
		assertThat(shortOne.body()).contains("at least 12 characters");
		assertThat(different.body()).contains("do not match");
		assertThat(accounts()).isZero();
		assertThat(redeem(visitor(), this.invited.code(), this.invited.birthDate(), "river stones and tea")
			.redirect()).isEqualTo("/enrol");
	}

	@Test
	void wrongCodesAreThrottledLikePasswords() {
		for (int i = 0; i < 5; i++) {
			redeem(visitor(), "WRNG-CODE-000" + i, this.invited.birthDate(), "river stones and tea");
		}

		Page throttled = redeem(visitor(), this.invited.code(), this.invited.birthDate(), "river stones and tea");

		assertThat(throttled.body()).contains("Too many attempts");
		assertThat(accounts()).isZero();
	}

	@Test
	void aNewInvitationVoidsTheEarlierOne() {
		String firstCode = this.invited.code();
		String second = this.invitations.issue(AccountHolder.patient(this.invited.id().value()), this.invited.birthDate(), this.invited.email(),
					null)
			.code();

		assertThat(redeem(visitor(), firstCode, this.invited.birthDate(), "river stones and tea").body())
			.contains("We could not match that code");
		assertThat(redeem(visitor(), second, this.invited.birthDate(), "river stones and tea").redirect())
			.isEqualTo("/enrol");
	}

	@Test
	void malformedBirthDateGetsAPlainMessage() {
		Map<String, String> form = redemption(this.invited.code(), this.invited.birthDate(), "river stones and tea");
		form.put("month", "13");

		Page refused = visitor().submit("/invitation", "/invitation", form);

		assertThat(refused.status()).isEqualTo(200);
		assertThat(refused.body()).contains("Enter your date of birth as numbers");
		assertThat(accounts()).isZero();
	}

	private static String strip(String body) {
		return body.replaceAll("value=\"[^\"]*\"", "").replaceAll("content=\"[^\"]*\"", "");
	}

}
