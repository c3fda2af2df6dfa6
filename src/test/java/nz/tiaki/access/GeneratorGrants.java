package nz.tiaki.access;

import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;

import nz.tiaki.shared.ids.PatientId;

/**
 * Grants for the population generator, which writes a synthetic population's sealed rows
 * directly (as a restore from backup would), not through the gate's decisions: each grant
 * lets the real vault seal one new patient's values under that patient's own new key.
 * Test code only; the portal itself has no way to make a grant but the gate.
 */
public final class GeneratorGrants {

	/** The subject the generated rows name as their author. */
	public static final Subject GENERATOR = Subject.system(UUID.fromString("9e9e0000-0000-4000-8000-00000000face"));

	private GeneratorGrants() {
	}

	public static Grant toSeal(PatientId patient) {
		return new Grant(GENERATOR, patient, EnumSet.allOf(Action.class), Instant.now().plusSeconds(3600), false);
	}

}
