package nz.tiaki.clinics;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One page of a practice's patient list.
 *
 * @param patients the patients on it, most recently enrolled first
 * @param total how many patients the practice has in all
 * @param later whether this is a page after the first
 * @param next where the next page starts, or {@code null} on the last page
 */
public record PatientListPage(List<EnrolledPatient> patients, long total, boolean later, Position next) {

	/**
	 * A place in the list: the enrolment time and patient id of the last row shown.
	 *
	 * @param enrolledAt when that patient was enrolled
	 * @param patient their id
	 */
	public record Position(Instant enrolledAt, UUID patient) {

		private static final Pattern FORM = Pattern.compile("(\\d{1,19})_([0-9a-f-]{36})");

		/**
		 * @return the position as it goes into a page address
		 */
		public String text() {
			long micros = this.enrolledAt.getEpochSecond() * 1_000_000 + this.enrolledAt.getNano() / 1_000;
			return micros + "_" + this.patient;
		}

		/**
		 * @param text a position from a page address
		 * @return it, or empty when it is not one
		 */
		public static Optional<Position> parse(String text) {
			Matcher match = FORM.matcher(text == null ? "" : text);
			if (!match.matches()) {
				return Optional.empty();
			}
			try {
				long micros = Long.parseLong(match.group(1));
				return Optional.of(new Position(Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000),
						UUID.fromString(match.group(2))));
			}
			catch (IllegalArgumentException | java.time.DateTimeException ex) {
				return Optional.empty();
			}
		}

	}

}
