package nz.tiaki.audit;

/**
 * The outcome of checking the audit log.
 *
 * @param intact whether every check passed
 * @param eventsChecked how many chained events were recomputed
 * @param checkpointsChecked how many signed checkpoints were checked
 * @param firstBadPosition the first chain position found wrong, or 0
 * @param problem what was wrong, in words, or {@code null}
 */
public record AuditVerification(boolean intact, long eventsChecked, long checkpointsChecked, long firstBadPosition,
		String problem) {

	static AuditVerification broken(long events, long checkpoints, long position, String problem) {
		return new AuditVerification(false, events, checkpoints, position, problem);
	}

	@Override
	public String toString() {
		return this.intact ? "Audit log intact: " + this.eventsChecked + " events, " + this.checkpointsChecked
				+ " signed checkpoints verified"
				: "Audit log TAMPERED at position " + this.firstBadPosition + ": " + this.problem + " ("
						+ this.eventsChecked + " events checked before it)";
	}

}
