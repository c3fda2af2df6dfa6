package nz.tiaki.records;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Date;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;

/**
 * Builds the FHIR resources a clinician enters by hand: plain text names, a result with its
 * unit and normal range, a note.
 */
public final class NewEntries {

	private NewEntries() {
	}

	/**
	 * @param category what to build
	 * @param name the condition, medicine, allergy, vaccine, test or note title
	 * @param detail a dose, severity or the note's text; may be empty
	 * @param value a result's value, for results
	 * @param unit a result's unit
	 * @param low a result's lower normal limit, may be {@code null}
	 * @param high a result's upper normal limit, may be {@code null}
	 * @return the resource
	 * @throws EntryRejected when a required part is missing or malformed
	 */
	public static Resource build(Category category, String name, String detail, String value, String unit,
			String low, String high) {
		String title = name == null ? "" : name.strip();
		if (title.isEmpty() || title.length() > 200) {
			throw new EntryRejected("Enter a name (at most 200 characters).");
		}
		String more = detail == null ? "" : detail.strip();
		CodeableConcept concept = new CodeableConcept().setText(title);
		Date now = new Date();
		return switch (category) {
			case CONDITION -> new Condition().setCode(concept)
				.setClinicalStatus(new CodeableConcept(
						new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active")))
				.setRecordedDate(now);
			case MEDICATION -> {
				MedicationStatement statement = new MedicationStatement()
					.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE)
					.setMedication(concept)
					.setEffective(new DateTimeType(now));
				if (!more.isEmpty()) {
					statement.addDosage().setText(more);
				}
				yield statement;
			}
			case ALLERGY -> new AllergyIntolerance().setCode(concept)
				.setCriticality("high".equalsIgnoreCase(more) ? AllergyIntolerance.AllergyIntoleranceCriticality.HIGH
						: AllergyIntolerance.AllergyIntoleranceCriticality.LOW)
				.setClinicalStatus(new org.hl7.fhir.r4.model.CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
						"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", "Active")))
				.setRecordedDate(now);
			case IMMUNISATION -> new Immunization().setStatus(Immunization.ImmunizationStatus.COMPLETED)
				.setVaccineCode(concept)
				.setOccurrence(new DateTimeType(now));
			case RESULT -> result(concept, value, unit, low, high, now);
			case NOTE -> {
				if (more.isEmpty() || more.length() > 20_000) {
					throw new EntryRejected("Write the note (at most 20,000 characters).");
				}
				DocumentReference note = new DocumentReference()
					.setStatus(Enumerations.DocumentReferenceStatus.CURRENT)
					.setType(concept)
					.setDate(now);
				note.addContent()
					.setAttachment(new Attachment().setContentType("text/plain; charset=utf-8")
						.setData(more.getBytes(StandardCharsets.UTF_8)));
				yield note;
			}
		};
	}

	private static Observation result(CodeableConcept concept, String value, String unit, String low, String high,
			Date now) {
		BigDecimal number = decimal(value, "Enter the result as a number, for example 5.4.");
		Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL)
			.setCode(concept)
			.setEffective(new DateTimeType(now))
			.setValue(new Quantity().setValue(number).setUnit(unit == null ? "" : unit.strip()));
		observation.addCategory(new CodeableConcept(
				new Coding("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", "Laboratory")));
		BigDecimal bottom = low == null || low.isBlank() ? null : decimal(low, "Enter the lower limit as a number.");
		BigDecimal top = high == null || high.isBlank() ? null : decimal(high, "Enter the upper limit as a number.");
		if (bottom != null || top != null) {
			Observation.ObservationReferenceRangeComponent range = observation.addReferenceRange();
			if (bottom != null) {
				range.setLow(new Quantity().setValue(bottom).setUnit(unit));
			}
			if (top != null) {
				range.setHigh(new Quantity().setValue(top).setUnit(unit));
			}
		}
		return observation;
	}

	private static BigDecimal decimal(String text, String message) {
		try {
			return new BigDecimal(text == null ? "" : text.strip());
		}
		catch (NumberFormatException ex) {
			throw new EntryRejected(message);
		}
	}

}
