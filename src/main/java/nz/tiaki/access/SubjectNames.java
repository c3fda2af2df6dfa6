package nz.tiaki.access;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Implemented by the module that knows staff: how to name staff members to a patient
 * reading their access history.
 */
public interface SubjectNames {

	/**
	 * @param staffIds staff members
	 * @return for each one known, how to name them ("Dr Aroha Ngata, Doctor, Harbourside
	 * Medical Centre")
	 */
	Map<UUID, String> describeStaff(Collection<UUID> staffIds);

	/**
	 * @param patient whose history is read
	 * @param proxyIds patients who acted for them
	 * @return for each one known, how to name them to that patient (by default, not at all)
	 */
	default Map<UUID, String> describeProxies(UUID patient, Collection<UUID> proxyIds) {
		return Map.of();
	}

}
