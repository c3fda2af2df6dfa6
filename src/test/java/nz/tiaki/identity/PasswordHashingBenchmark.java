package nz.tiaki.identity;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of one Argon2id password check with the portal's parameters (19 MiB, t=2, p=1),
 * and of the decoy check an unknown account name gets. Run with
 * {@code scripts/benchmark PasswordHashing}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PasswordHashingBenchmark {

	private Passwords passwords;

	private String hash;

	@Setup
	public void setUp() {
		this.passwords = new Passwords();
		this.hash = this.passwords.hash("river stones and tea");
	}

	@Benchmark
	public boolean checkKnownAccount() {
		return this.passwords.matches("river stones and tea", this.hash);
	}

	@Benchmark
	public boolean checkUnknownAccount() {
		return this.passwords.matches("river stones and tea", null);
	}

}
