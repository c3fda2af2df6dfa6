package nz.tiaki.access;

import java.util.List;
import java.util.Map;

import nz.tiaki.shared.ids.PatientId;

/**
 * Implemented by the module that watches volume: consulted by the gate on every decision.
 * It may turn an allow into a refusal (a locked session, a canary, a budget spent) and it
 * learns of every decision once it is recorded.
 */
public interface ReadGuard {

	/**
	 * Before the decision is recorded.
	 * @param subject who asks
	 * @param patient whose data, or {@code null} for an unknown object
	 * @param action what
	 * @param objectRef which object, if one
	 * @param allowed what the relationship rules said
	 * @return what the guard says now, or, for an allowed read it counts, a {@link Charge}
	 * whose verdict the database settles in the statement that records the decision
	 */
	Check check(Subject subject, PatientId patient, Action action, String objectRef, boolean allowed);

	/**
	 * After the decision is recorded: count it, lock or alert if a limit is now crossed.
	 * @param subject who asked
	 * @param patient whose data, or {@code null}
	 * @param action what
	 * @param objectRef which object
	 * @param allowed the final decision
	 * @param verdict what {@link #check} said, or what its charge settled
	 */
	void recorded(Subject subject, PatientId patient, Action action, String objectRef, boolean allowed, Verdict verdict);

	/**
	 * What {@link #check} answers: a verdict, or a charge.
	 */
	sealed interface Check permits Verdict, Charge {

	}

	/**
	 * What the guard says of one access.
	 */
	enum Verdict implements Check {

		/** Nothing to add. */
		PASS,
		/** The session must pass a fresh second-factor check first. */
		STEP_UP,
		/** The clinician must state a reason first. */
		REASON,
		/** The session or account is locked. */
		LOCKED,
		/** A canary was touched: lock at once. */
		CANARY

	}

	/**
	 * A read charged to a budget, and the budget's verdict on it, settled by the database in
	 * the statement that records the decision: charging, judging and recording cost one
	 * round trip and commit together, so no charge is made without its decision recorded,
	 * nor a decision without its charge. The gate settles a charge only when no guard
	 * refuses the read outright; otherwise nothing is charged.
	 * @param with named queries for a {@code WITH} list, the last named {@code ruling}, which
	 * answers exactly one row with an {@code int} column {@code refusal}: 0 to let the read
	 * pass, or k to refuse it with the k-th of {@code refusals}
	 * @param params the queries' parameters (a value may be {@code null})
	 * @param refusals the verdicts the queries may answer with, in order
	 */
	record Charge(String with, Map<String, Object> params, List<Verdict> refusals) implements Check {

		public Charge {
			params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
			refusals = List.copyOf(refusals);
			if (refusals.contains(Verdict.PASS)) {
				throw new IllegalArgumentException("A refusal cannot be a pass");
			}
		}

		@Override
		public String toString() {
			return "Charge[refusals=" + this.refusals + "]";
		}

	}

}
