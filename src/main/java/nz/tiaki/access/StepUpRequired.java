package nz.tiaki.access;

/**
 * The session must pass a fresh second-factor check before reading more; the budget for reads without one is spent. Carries no personal data.
 */
public class StepUpRequired extends RuntimeException {

	StepUpRequired() {
		super("StepUpRequired", null, false, false);
	}

}
