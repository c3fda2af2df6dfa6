package nz.tiaki.records;

import nz.tiaki.access.Action;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;

/**
 * The kinds of clinical entry, each held as one FHIR R4 resource type.
 */
public enum Category {

	/** A condition or diagnosis (Condition). */
	CONDITION(Condition.class, Action.READ_SUMMARY, false),
	/** A medicine being taken (MedicationStatement). */
	MEDICATION(MedicationStatement.class, Action.READ_SUMMARY, false),
	/** An allergy or intolerance (AllergyIntolerance). */
	ALLERGY(AllergyIntolerance.class, Action.READ_SUMMARY, false),
	/** A vaccination (Immunization). */
	IMMUNISATION(Immunization.class, Action.READ_SUMMARY, false),
	/** A test result (Observation). */
	RESULT(Observation.class, Action.READ_RESULTS, true),
	/** A clinical note (DocumentReference with text). */
	NOTE(DocumentReference.class, Action.READ_NOTES, true);

	private final Class<? extends Resource> type;

	private final Action readAction;

	private final boolean needsRelease;

	Category(Class<? extends Resource> type, Action readAction, boolean needsRelease) {
		this.type = type;
		this.readAction = readAction;
		this.needsRelease = needsRelease;
	}

	/**
	 * @param resource a FHIR resource
	 * @return its category, if it is one the record holds
	 */
	public static java.util.Optional<Category> of(Resource resource) {
		for (Category category : values()) {
			if (category.type.isInstance(resource)) {
				return java.util.Optional.of(category);
			}
		}
		return java.util.Optional.empty();
	}

	/**
	 * @return the resource type it is held as
	 */
	public Class<? extends Resource> type() {
		return this.type;
	}

	/**
	 * @return what reading it needs from the gate
	 */
	public Action readAction() {
		return this.readAction;
	}

	/**
	 * @return whether patients see it only once released
	 */
	public boolean needsRelease() {
		return this.needsRelease;
	}

}
