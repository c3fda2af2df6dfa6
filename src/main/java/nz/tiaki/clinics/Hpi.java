package nz.tiaki.clinics;

import java.util.Locale;

/**
 * Health Provider Index identifiers (HISO 10005): a practitioner's Common Person Number
 * ({@code NNXXXX}: two digits, four letters), an organisation's id ({@code GXXNNN-C}) and a
 * facility's ({@code FXXNNN-C}), where {@code X} is a letter or digit, {@code N} a digit and
 * {@code C} a check letter: the first six characters weighted 7 to 2 (letters A to Z without
 * I and O counted 1 to 24, digits as themselves), the sum's remainder after dividing by 11
 * named by the letter counted so. A CPN's own check letter is not verified here: its
 * algorithm is not published with the identifier's format.
 */
public final class Hpi {

	/** The identifier system of practitioners' CPNs. */
	public static final String PERSON_SYSTEM = "https://standards.digital.health.nz/ns/hpi-person-id";

	/** The identifier system of organisations. */
	public static final String ORGANISATION_SYSTEM = "https://standards.digital.health.nz/ns/hpi-organisation-id";

	/** The identifier system of facilities. */
	public static final String FACILITY_SYSTEM = "https://standards.digital.health.nz/ns/hpi-facility-id";

	private static final String LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";

	private Hpi() {
	}

	/**
	 * @param typed a CPN as typed
	 * @return it in capitals without spaces
	 * @throws InvalidHpi naming the problem
	 */
	public static String personId(String typed) {
		String value = tidy(typed);
		if (!value.matches("[0-9]{2}[A-Z]{4}")) {
			throw new InvalidHpi("An HPI number (CPN) is two digits then four letters, for example 99ZZZS.");
		}
		if (value.indexOf('I') >= 0 || value.indexOf('O') >= 0) {
			throw new InvalidHpi("An HPI number (CPN) never uses the letters I or O.");
		}
		return value;
	}

	/**
	 * @param typed an HPI organisation id as typed
	 * @return it in capitals without spaces
	 * @throws InvalidHpi naming the problem
	 */
	public static String organisationId(String typed) {
		return checked(typed, 'G', "An HPI organisation id", "G00001-G");
	}

	/**
	 * @param typed an HPI facility id as typed
	 * @return it in capitals without spaces
	 * @throws InvalidHpi naming the problem
	 */
	public static String facilityId(String typed) {
		return checked(typed, 'F', "An HPI facility id", "F04066-D");
	}

	private static String checked(String typed, char first, String what, String example) {
		String value = tidy(typed);
		if (!value.matches(first + "[A-Z0-9]{2}[0-9]{3}-[A-Z]")) {
			throw new InvalidHpi(what + " is " + first + ", two letters or digits, three digits, a hyphen and a check "
					+ "letter, for example " + example + ".");
		}
		int sum = 0;
		for (int i = 0; i < 6; i++) {
			int worth = worth(value.charAt(i));
			if (worth < 0) {
				throw new InvalidHpi(what + " never uses the letters I or O.");
			}
			sum += worth * (7 - i);
		}
		int remainder = sum % 11;
		if (remainder == 0 || LETTERS.indexOf(value.charAt(7)) + 1 != remainder) {
			throw new InvalidHpi("This is not a valid " + what.substring(what.indexOf(' ') + 1)
					+ ": its check letter does not match.");
		}
		return value;
	}

	private static int worth(char c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		int letter = LETTERS.indexOf(c);
		return letter < 0 ? -1 : letter + 1;
	}

	private static String tidy(String typed) {
		return typed == null ? "" : typed.replace(" ", "").toUpperCase(Locale.ROOT);
	}

	/**
	 * An HPI identifier was refused; the message names the problem.
	 */
	public static class InvalidHpi extends IllegalArgumentException {

		InvalidHpi(String problem) {
			super(problem);
		}

	}

}
