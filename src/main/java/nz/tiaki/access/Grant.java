package nz.tiaki.access;

import java.time.Instant;
import java.util.Set;

import nz.tiaki.shared.ids.PatientId;

/**
 * Permission, issued by the {@link AccessGate} alone, for one subject to do one or more
 * actions on one patient's data until a moment shortly after it was issued. The vault opens
 * a patient's data only when handed a grant for that patient: there is no other way to make
 * one.
 */
public final class Grant {

	private final Subject subject;

	private final PatientId patient;

	private final Set<Action> actions;

	private final Instant expiresAt;

	private final boolean breakGlass;

	Grant(Subject subject, PatientId patient, Set<Action> actions, Instant expiresAt, boolean breakGlass) {
		this.subject = subject;
		this.patient = patient;
		this.actions = Set.copyOf(actions);
		this.expiresAt = expiresAt;
		this.breakGlass = breakGlass;
	}

	/**
	 * @return whose data this grant opens
	 */
	public PatientId patient() {
		return this.patient;
	}

	/**
	 * @return who it was issued to
	 */
	public Subject subject() {
		return this.subject;
	}

	/**
	 * @param action an action
	 * @return whether this grant allows it
	 */
	public boolean permits(Action action) {
		return this.actions.contains(action);
	}

	/**
	 * @param patient a patient
	 * @param now the time
	 * @return whether this grant is for that patient and still valid
	 */
	public boolean opens(PatientId patient, Instant now) {
		return this.patient.equals(patient) && now.isBefore(this.expiresAt);
	}

	/**
	 * @return whether it came from emergency access
	 */
	public boolean breakGlass() {
		return this.breakGlass;
	}

	@Override
	public String toString() {
		return "Grant[" + this.patient + " " + this.actions + " until " + this.expiresAt + "]";
	}

}
