package nz.tiaki.access;

import java.util.UUID;

/**
 * Who asks: a patient, a staff member, an app or a system job.
 *
 * @param kind what kind of subject
 * @param id the patient, staff member, app or job
 * @param accountId the account signed in, if any
 */
public record Subject(Kind kind, UUID id, UUID accountId) {

	/**
	 * @param job a stable id for the job
	 * @return a system subject
	 */
	public static Subject system(UUID job) {
		return new Subject(Kind.SYSTEM, job, null);
	}

	/**
	 * Kinds of subject.
	 */
	public enum Kind {

		/** A patient, for themselves or as someone's proxy. */
		PATIENT,
		/** A member of a practice's staff. */
		STAFF,
		/** A connected app acting with a token. */
		APP,
		/** A job of the portal itself. */
		SYSTEM

	}

}
