package nz.tiaki.access;

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
	 * @return what the guard says
	 */
	Verdict check(Subject subject, PatientId patient, Action action, String objectRef, boolean allowed);

	/**
	 * After the decision is recorded: count it, lock or alert if a limit is now crossed.
	 * @param subject who asked
	 * @param patient whose data, or {@code null}
	 * @param action what
	 * @param objectRef which object
	 * @param allowed the final decision
	 * @param verdict what {@link #check} said
	 */
	void recorded(Subject subject, PatientId patient, Action action, String objectRef, boolean allowed, Verdict verdict);

	/**
	 * What the guard says of one access.
	 */
	enum Verdict {

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

}
