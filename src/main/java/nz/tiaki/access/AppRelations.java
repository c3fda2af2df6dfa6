package nz.tiaki.access;

import java.util.UUID;

import nz.tiaki.shared.ids.PatientId;

/**
 * Implemented by the module that registers apps: which patients a practice's own system
 * acts for.
 */
public interface AppRelations {

	/**
	 * @param appId a registered system app
	 * @param patient a patient
	 * @return whether the app belongs to a practice at which the patient is enrolled
	 */
	boolean serves(UUID appId, PatientId patient);

}
