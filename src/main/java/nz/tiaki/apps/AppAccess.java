package nz.tiaki.apps;

import java.util.List;
import java.util.Set;

import nz.tiaki.access.Subject;
import nz.tiaki.shared.ids.PatientId;

/**
 * What a presented access token stands for: which app, acting as whom, for which patient,
 * within which scopes.
 *
 * @param clientId the app's client id
 * @param clientName the app's name
 * @param subject who the gate sees: the patient who approved the app, or the app itself for
 * a practice's system
 * @param patient the launch patient for a patient-facing app, or {@code null} for a system
 * @param scopes the scopes granted
 * @param tokenRef an opaque reference to the grant, recorded in the audit as the session, so
 * budgets, scoping and containment treat an app's grant like a session
 */
public record AppAccess(String clientId, String clientName, Subject subject, PatientId patient, Set<String> scopes,
		String tokenRef) {

	/**
	 * @return the clinical scopes this token holds, in the context its kind of app may use
	 * (patient scopes for a patient's app, system scopes for a practice's system)
	 */
	public List<SmartScope> clinicalScopes() {
		SmartScope.Context usable = this.patient != null ? SmartScope.Context.PATIENT : SmartScope.Context.SYSTEM;
		return this.scopes.stream()
			.map(SmartScope::parse)
			.flatMap(java.util.Optional::stream)
			.filter(scope -> scope.context() == usable)
			.toList();
	}

	/**
	 * @param type a resource type
	 * @param permission what is asked
	 * @return whether a scope of this token allows it
	 */
	public boolean allows(String type, SmartScope.Permission permission) {
		return clinicalScopes().stream().anyMatch(scope -> scope.allows(type, permission));
	}

	@Override
	public String toString() {
		return "AppAccess[" + this.clientId + "]";
	}

}
