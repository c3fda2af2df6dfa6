package nz.tiaki.records;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;

/**
 * An entry in plain words for a page: what it is, when, and for results the value against
 * its reference range, with positions for drawing the range.
 *
 * @param id the entry's id
 * @param category its kind
 * @param title what it is, without coding jargon
 * @param date the clinically relevant date, if any
 * @param detail a second line (dose, reaction, status), may be empty
 * @param released whether the patient can see it
 * @param releaseAfter when it will be released automatically, if not yet
 * @param result the value and range, for results
 * @param text the note's text, for notes
 */
public record EntryView(String id, Category category, String title, LocalDate date, String detail, boolean released,
		Instant releaseAfter, Result result, String text) {

	static final ZoneId ZONE = ZoneId.of("Pacific/Auckland");

	/**
	 * @param entry an entry
	 * @return it in plain words
	 */
	public static EntryView of(Entry entry) {
		String id = entry.id().toString();
		return switch (entry.category()) {
			case CONDITION -> {
				Condition c = (Condition) entry.resource();
				yield new EntryView(id, entry.category(), plain(c.getCode()),
						c.hasOnsetDateTimeType() ? date(c.getOnsetDateTimeType().getValue()) : null,
						c.hasClinicalStatus() ? plainStatus(c.getClinicalStatus()) : "", entry.released(),
						entry.releaseAfter(), null, null);
			}
			case MEDICATION -> {
				MedicationStatement m = (MedicationStatement) entry.resource();
				String dose = m.hasDosage() && m.getDosageFirstRep().hasText() ? m.getDosageFirstRep().getText() : "";
				yield new EntryView(id, entry.category(),
						m.hasMedicationCodeableConcept() ? plain(m.getMedicationCodeableConcept()) : "Medicine",
						m.hasEffectiveDateTimeType() ? date(m.getEffectiveDateTimeType().getValue()) : null, dose,
						entry.released(), entry.releaseAfter(), null, null);
			}
			case ALLERGY -> {
				AllergyIntolerance a = (AllergyIntolerance) entry.resource();
				String severity = a.hasCriticality() ? a.getCriticality().getDisplay() : "";
				yield new EntryView(id, entry.category(), plain(a.getCode()),
						a.hasRecordedDate() ? date(a.getRecordedDate()) : null, severity, entry.released(),
						entry.releaseAfter(), null, null);
			}
			case IMMUNISATION -> {
				Immunization i = (Immunization) entry.resource();
				yield new EntryView(id, entry.category(), plain(i.getVaccineCode()),
						i.hasOccurrenceDateTimeType() ? date(i.getOccurrenceDateTimeType().getValue()) : null, "",
						entry.released(), entry.releaseAfter(), null, null);
			}
			case RESULT -> {
				Observation o = (Observation) entry.resource();
				yield new EntryView(id, entry.category(), plain(o.getCode()),
						o.hasEffectiveDateTimeType() ? date(o.getEffectiveDateTimeType().getValue()) : null, "",
						entry.released(), entry.releaseAfter(), Result.of(o), null);
			}
			case NOTE -> {
				DocumentReference d = (DocumentReference) entry.resource();
				String text = d.hasContent() && d.getContentFirstRep().getAttachment().hasData()
						? new String(d.getContentFirstRep().getAttachment().getData(), StandardCharsets.UTF_8) : "";
				yield new EntryView(id, entry.category(), d.hasType() ? plain(d.getType()) : "Clinical note",
						d.hasDate() ? date(d.getDate()) : null, "", entry.released(), entry.releaseAfter(), null, text);
			}
		};
	}

	static String plain(CodeableConcept concept) {
		String text = concept == null ? null : concept.hasText() ? concept.getText()
				: concept.hasCoding() ? concept.getCodingFirstRep().getDisplay() : null;
		if (text == null || text.isBlank()) {
			return "Not named";
		}
		return text.replaceAll("\\s*\\((disorder|finding|situation|procedure|substance|product|observable entity|"
				+ "morphologic abnormality|qualifier value|regime/therapy|person|event)\\)\\s*$", "");
	}

	private static String plainStatus(CodeableConcept status) {
		String code = status.hasCoding() ? status.getCodingFirstRep().getCode() : "";
		return switch (code) {
			case "active" -> "Current";
			case "resolved", "inactive", "remission" -> "Past";
			default -> "";
		};
	}

	private static LocalDate date(Date date) {
		return date == null ? null : date.toInstant().atZone(ZONE).toLocalDate();
	}

	/**
	 * A result's value against its reference range.
	 *
	 * @param value the value as written
	 * @param unit its unit
	 * @param low the bottom of the normal range, if any
	 * @param high the top of the normal range, if any
	 * @param flag {@code HIGH}, {@code LOW} or {@code NORMAL}, or empty when there is no
	 * range
	 * @param rangeStart where the normal range starts on a 0–100 scale
	 * @param rangeEnd where it ends
	 * @param marker where the value falls
	 */
	public record Result(String value, String unit, String low, String high, String flag, int rangeStart,
			int rangeEnd, int marker) {

		static Result of(Observation observation) {
			if (!observation.hasValueQuantity()) {
				return new Result(observation.hasValue() ? observation.getValue().primitiveValue() : "", "", null, null,
						"", 0, 0, 0);
			}
			Quantity quantity = observation.getValueQuantity();
			double value = quantity.getValue().doubleValue();
			Double low = null;
			Double high = null;
			if (observation.hasReferenceRange()) {
				Observation.ObservationReferenceRangeComponent range = observation.getReferenceRangeFirstRep();
				low = range.hasLow() ? range.getLow().getValue().doubleValue() : null;
				high = range.hasHigh() ? range.getHigh().getValue().doubleValue() : null;
			}
			String flag = low == null && high == null ? "" : low != null && value < low ? "LOW"
					: high != null && value > high ? "HIGH" : "NORMAL";
			double bottom = low != null ? low : 0;
			double top = high != null ? high : (low != null ? low * 2 : value * 2);
			double span = Math.max(top - bottom, 1e-9);
			double scaleMin = bottom - span * 0.5;
			double scaleMax = top + span * 0.5;
			scaleMin = Math.min(scaleMin, value - span * 0.1);
			scaleMax = Math.max(scaleMax, value + span * 0.1);
			if (low == null) {
				scaleMin = Math.min(0, scaleMin);
			}
			double width = scaleMax - scaleMin;
			return new Result(number(value), quantity.hasUnit() ? quantity.getUnit() : "",
					low == null ? null : number(low), high == null ? null : number(high), flag,
					position(low == null ? scaleMin : low, scaleMin, width),
					position(high == null ? scaleMax : high, scaleMin, width), position(value, scaleMin, width));
		}

		private static int position(double x, double min, double width) {
			return (int) Math.round(Math.max(0, Math.min(100, (x - min) / width * 100)));
		}

		private static String number(double value) {
			if (value == Math.rint(value) && Math.abs(value) < 1e9) {
				return Long.toString((long) value);
			}
			return new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
		}

		/**
		 * @return the normal range in words
		 */
		public String rangeText() {
			if (this.low != null && this.high != null) {
				return this.low + " to " + this.high;
			}
			if (this.low != null) {
				return this.low + " or more";
			}
			if (this.high != null) {
				return "less than " + this.high;
			}
			return "";
		}

		/**
		 * @return whether the range can be drawn
		 */
		public boolean drawable() {
			return !this.flag.isEmpty();
		}

		/**
		 * @return the width of the normal band on the 0–100 scale
		 */
		public int rangeWidth() {
			return Math.max(1, this.rangeEnd - this.rangeStart);
		}

	}

	/**
	 * @param entries entries
	 * @return them in plain words
	 */
	public static List<EntryView> all(List<Entry> entries) {
		return entries.stream().map(EntryView::of).toList();
	}

}
