package nz.tiaki.access;

import java.util.Set;
import java.util.UUID;

import nz.tiaki.shared.ids.PatientId;

/**
 * Implemented by the module that keeps proxy arrangements: what a patient may see of
 * another patient's information, for them.
 */
public interface Proxies {

	/**
	 * @param proxyPatientId the patient acting as proxy
	 * @param patient the patient they would act for
	 * @return the scopes in force now ({@code APPOINTMENTS}, {@code PRESCRIPTIONS},
	 * {@code MESSAGES}, {@code FULL_RECORD}); empty when none or expired
	 */
	Set<String> scopesFor(UUID proxyPatientId, PatientId patient);

}
