package nz.tiaki.audit;

import java.util.UUID;

/**
 * One access decision, as the gate reports it. Names people only by opaque ids.
 *
 * @param accountId the acting account, if any
 * @param actorKind patient, staff, app or system
 * @param actorId the acting patient, staff member, app or job
 * @param onBehalfOf when a proxy acts, the patient they act for
 * @param patientId whose data
 * @param action what was asked
 * @param purpose why
 * @param allowed the decision
 * @param reason the rule that decided
 * @param objectRef which record or document, if one
 * @param breakGlass whether emergency access was used
 */
public record AccessRecord(UUID accountId, String actorKind, UUID actorId, UUID onBehalfOf, UUID patientId,
		String action, String purpose, boolean allowed, String reason, String objectRef, boolean breakGlass) {
}
