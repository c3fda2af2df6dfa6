package nz.tiaki.apps;

import java.util.Map;

/**
 * What a scope means, in words a patient can weigh before saying yes.
 */
public final class ScopeWords {

	private static final Map<String, String> TYPES = Map.of("Patient", "Your name, date of birth, NHI and contact details",
			"Condition", "Your conditions", "MedicationStatement", "Your medicines", "AllergyIntolerance",
			"Your allergies", "Immunization", "Your immunisations", "Observation", "Your test results",
			"DocumentReference", "Your documents and clinical notes", "AuditEvent", "Who has looked at your record");

	private ScopeWords() {
	}

	/**
	 * @param scope a scope
	 * @return what it lets an app do, or {@code null} for scopes that need no words of their
	 * own (signing in, the launch context)
	 */
	public static String describe(String scope) {
		if (scope.equals(Apps.OFFLINE_ACCESS)) {
			return "Stay connected while you are not using it (until you disconnect it, or after 30 days "
					+ "without use)";
		}
		return SmartScope.parse(scope).map(ScopeWords::describe).orElse(null);
	}

	private static String lowerFirst(String text) {
		return Character.toLowerCase(text.charAt(0)) + text.substring(1);
	}

	private static String describe(SmartScope scope) {
		String what = scope.resourceType().equals("*") ? "Your whole health record"
				: TYPES.getOrDefault(scope.resourceType(), scope.resourceType());
		boolean writes = scope.permissions().contains(SmartScope.Permission.CREATE)
				|| scope.permissions().contains(SmartScope.Permission.UPDATE)
				|| scope.permissions().contains(SmartScope.Permission.DELETE);
		return "Read " + lowerFirst(what) + (writes ? " and change it" : "");
	}

}
