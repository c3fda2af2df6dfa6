package nz.tiaki.apps;

import java.util.Map;

/**
 * What a scope means, in words a patient can weigh before saying yes.
 */
public final class ScopeWords {

	private static final Map<String, String> TYPES = Map.ofEntries(
			Map.entry("Patient", "Your name, date of birth, NHI and contact details"),
			Map.entry("Condition", "Your conditions"), Map.entry("MedicationStatement", "Your medicines"),
			Map.entry("AllergyIntolerance", "Your allergies"), Map.entry("Immunization", "Your immunisations"),
			Map.entry("Observation", "Your test results"),
			Map.entry("DocumentReference", "Your documents and clinical notes"),
			Map.entry("AuditEvent", "Who has looked at your record"), Map.entry("Organization", "Your practice's name"),
			Map.entry("Practitioner", "The names of your practice's doctors and nurses"),
			Map.entry("PractitionerRole", "What each of your practice's doctors and nurses does"),
			Map.entry("Appointment", "Your appointments"), Map.entry("Slot", "The times free to book at your practice"),
			Map.entry("MedicationRequest", "Your repeat prescription requests"),
			Map.entry("Communication", "Your messages with your practice"),
			Map.entry("Consent", "Who you let act for you"));

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
