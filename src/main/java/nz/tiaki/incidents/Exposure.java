package nz.tiaki.incidents;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Exactly what a scope exposed, from the audit log.
 *
 * @param patients every patient whose data was read
 * @param documentsReceived every document whose content was delivered
 * @param patientsByPractice how many of those patients each practice has enrolled
 * @param eventsExamined how many audit events matched the scope
 */
public record Exposure(Set<UUID> patients, Set<UUID> documentsReceived, Map<UUID, Integer> patientsByPractice,
		long eventsExamined) {
}
