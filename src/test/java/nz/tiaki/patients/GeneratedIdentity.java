package nz.tiaki.patients;

import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.vault.GeneratedKeys;
import nz.tiaki.vault.Vault;

/**
 * A generated patient's row values, made exactly as the portal makes them (same indexes,
 * same sealed form), for the population generator to write in bulk.
 */
public final class GeneratedIdentity {

	private final PatientStore store;

	public GeneratedIdentity(Vault vault) {
		this.store = new PatientStore(null, vault);
	}

	/**
	 * @return NHI index, e-mail index (or {@code null}), family-name-and-birth index, sealed identity
	 */
	public byte[][] row(GeneratedKeys.Sealer sealer, PatientId id, NewPatient patient) {
		return new byte[][] { this.store.nhiIndex(patient.nhi()),
				patient.email() == null ? null : this.store.emailIndex(patient.email()),
				this.store.nameBirthIndex(patient.familyName(), patient.birthDate()),
				sealer.seal(PatientStore.KIND, id.value(), PatientStore.encode(patient)) };
	}

}
