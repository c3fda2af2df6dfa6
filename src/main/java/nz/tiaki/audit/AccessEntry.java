package nz.tiaki.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * A recorded access, as queries return it.
 *
 * @param at when
 * @param accountId the acting account
 * @param actorKind patient, staff, app or system
 * @param actorId the acting person, app or job
 * @param onBehalfOf the patient a proxy acted for
 * @param patientId whose data
 * @param action what
 * @param purpose why
 * @param allowed the decision
 * @param reason the rule that decided
 * @param objectRef which record or document
 * @param breakGlass whether emergency access was used
 * @param sessionRef the session's opaque reference
 * @param sourceAddress where from
 */
public record AccessEntry(Instant at, UUID accountId, String actorKind, UUID actorId, UUID onBehalfOf, UUID patientId,
		String action, String purpose, boolean allowed, String reason, String objectRef, boolean breakGlass,
		String sessionRef, String sourceAddress) {
}
