package nz.tiaki.security;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.Visitor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether an account or an invitation exists cannot be learnt from the answers: for
 * sign-in with a wrong password and for invitation redemption with a wrong date of birth,
 * existing and unknown names get the same status and body, and their response times are
 * indistinguishable by a two-sample Kolmogorov–Smirnov test over 200 samples each, taken
 * interleaved in random order (ASVS 5.0 V6.3.8; API Security Top 10 API2). Password
 * resets are done by the practice, not by the portal, so there is no reset form to probe.
 */
class EnumerationTimingTests extends PortalTest {

	private static final int SAMPLES = 200;

	/** Critical value of the KS statistic for α = 0.001 with two samples of 200. */
	private static final double CRITICAL = 1.949 * Math.sqrt(2.0 * SAMPLES / ((double) SAMPLES * SAMPLES));

	private record Sample(String answer, long nanos) {
	}

	private Sample timed(Supplier<Visitor.Page> request) {
		long start = System.nanoTime();
		Visitor.Page page = request.get();
		long nanos = System.nanoTime() - start;
		return new Sample(page.status() + " " + page.redirect() + " " + comparable(page.body()), nanos);
	}

	private void compare(String what, Supplier<Visitor.Page> existing, Supplier<Visitor.Page> unknown,
			Runnable between) {
		for (int i = 0; i < 10; i++) {
			existing.get();
			unknown.get();
			between.run();
		}
		Random random = new Random(42);
		List<Sample> known = new ArrayList<>();
		List<Sample> unknownSamples = new ArrayList<>();
		for (int i = 0; i < 2 * SAMPLES; i++) {
			boolean pickKnown = known.size() < SAMPLES && (unknownSamples.size() >= SAMPLES || random.nextBoolean());
			if (pickKnown) {
				known.add(timed(existing));
			}
			else {
				unknownSamples.add(timed(unknown));
			}
			between.run();
		}
		assertThat(unknownSamples).extracting(Sample::answer).as(what + ": the same answer").containsOnly(known.get(0).answer());
		assertThat(known).extracting(Sample::answer).containsOnly(known.get(0).answer());
		double d = ks(known.stream().mapToLong(Sample::nanos).toArray(),
				unknownSamples.stream().mapToLong(Sample::nanos).toArray());
		assertThat(d).as("%s: Kolmogorov–Smirnov D = %.3f (critical %.3f); medians %.2f ms vs %.2f ms", what, d, CRITICAL,
				median(known) / 1e6, median(unknownSamples) / 1e6).isLessThan(CRITICAL);
	}

	private static double median(List<Sample> samples) {
		long[] values = samples.stream().mapToLong(Sample::nanos).sorted().toArray();
		return values[values.length / 2];
	}

	/** The largest distance between the two samples' empirical distribution functions. */
	static double ks(long[] a, long[] b) {
		long[] x = a.clone();
		long[] y = b.clone();
		Arrays.sort(x);
		Arrays.sort(y);
		int i = 0;
		int j = 0;
		double d = 0;
		while (i < x.length && j < y.length) {
			long next = Math.min(x[i], y[j]);
			while (i < x.length && x[i] <= next) {
				i++;
			}
			while (j < y.length && y[j] <= next) {
				j++;
			}
			d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
		}
		return d;
	}

	@Test
	void theStatisticTellsDifferentTimesApart() {
		long[] fast = new long[SAMPLES];
		long[] slow = new long[SAMPLES];
		Random random = new Random(7);
		for (int i = 0; i < SAMPLES; i++) {
			fast[i] = 5_000_000 + (long) (random.nextGaussian() * 1_000_000);
			slow[i] = 6_000_000 + (long) (random.nextGaussian() * 1_000_000);
		}
		assertThat(ks(fast, slow)).as("a 1 ms shift in 5 ms is found").isGreaterThan(CRITICAL);
		assertThat(ks(fast, fast.clone())).isZero();
	}

	@Test
	void signInDoesNotTellWhetherAnAccountExists() {
		Fixtures.TestAccount patient = this.fixtures.patient(this.fixtures.practice());
		Runnable clearThrottles = () -> this.jdbc.sql("delete from sign_in_throttle").update();
		compare("sign-in", () -> visitor().signIn(patient.username(), "not the password at all"),
				() -> visitor().signIn("nobody-" + patient.username(), "not the password at all"), clearThrottles);
	}

	@Test
	void invitationRedemptionDoesNotTellWhetherACodeExists() {
		Fixtures.InvitedPatient invited = this.fixtures.invitedPatient(this.fixtures.practice());
		LocalDate wrong = invited.birthDate().plusDays(1);
		Runnable fresh = () -> {
			this.clock.advance(Duration.ofSeconds(61));
			this.jdbc.sql("delete from sign_in_throttle").update();
			this.jdbc.sql("update invitation set failed_attempts = 0 where holder_id = :id")
				.param("id", invited.id().value())
				.update();
		};
		compare("invitation", () -> redeem(invited.code(), wrong), () -> redeem("AAAA-BBBB-CCCC", wrong), fresh);
	}

	private Visitor.Page redeem(String code, LocalDate born) {
		Map<String, String> form = new HashMap<>();
		form.put("code", code);
		form.put("day", String.valueOf(born.getDayOfMonth()));
		form.put("month", String.valueOf(born.getMonthValue()));
		form.put("year", String.valueOf(born.getYear()));
		form.put("password", "river stones and tea");
		form.put("confirmation", "river stones and tea");
		return visitor().submit("/invitation", "/invitation", form);
	}

}
