package nz.tiaki.patients;

import java.util.Locale;

/**
 * A National Health Index number (HISO 10046): three letters (never I or O), then either
 * four digits whose last is a mod-11 check digit (AAANNNC), or two digits, a letter and a
 * mod-23 check letter (AAANNAX).
 *
 * @param value the number in capitals
 */
public record Nhi(String value) {

	private static final String LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";

	/**
	 * @param value the number
	 * @throws InvalidNhi when it is not a valid NHI
	 */
	public Nhi {
		String problem = problemWith(value);
		if (problem != null) {
			throw new InvalidNhi(problem);
		}
	}

	/**
	 * @param typed what someone typed
	 * @return the NHI, in capitals without spaces
	 * @throws InvalidNhi with a message naming the problem
	 */
	public static Nhi parse(String typed) {
		return new Nhi(typed == null ? "" : typed.replace(" ", "").toUpperCase(Locale.ROOT));
	}

	static String problemWith(String value) {
		if (value == null || value.length() != 7) {
			return "An NHI number has 7 characters, for example ZAA0024.";
		}
		for (int i = 0; i < 3; i++) {
			char c = value.charAt(i);
			if (c == 'I' || c == 'O') {
				return "An NHI number never uses the letters I or O.";
			}
			if (LETTERS.indexOf(c) < 0) {
				return "An NHI number starts with three letters.";
			}
		}
		if (!isAsciiDigit(value.charAt(3)) || !isAsciiDigit(value.charAt(4))) {
			return "The 4th and 5th characters of an NHI number are digits.";
		}
		int sum = 0;
		for (int i = 0; i < 3; i++) {
			sum += (LETTERS.indexOf(value.charAt(i)) + 1) * (7 - i);
		}
		sum += (value.charAt(3) - '0') * 4 + (value.charAt(4) - '0') * 3;
		char sixth = value.charAt(5);
		char check = value.charAt(6);
		if (isAsciiDigit(sixth)) {
			if (!isAsciiDigit(check)) {
				return "This NHI number mixes the old and new formats.";
			}
			sum += (sixth - '0') * 2;
			int remainder = sum % 11;
			if (remainder == 0) {
				return "This is not a valid NHI number: its check digit does not match.";
			}
			int expected = (11 - remainder) % 10;
			return expected == check - '0' ? null : "This is not a valid NHI number: its check digit does not match.";
		}
		if (LETTERS.indexOf(sixth) < 0 || LETTERS.indexOf(check) < 0) {
			return "This is not a valid NHI number: the last two characters must be letters other than I and O.";
		}
		sum += (LETTERS.indexOf(sixth) + 1) * 2;
		int remainder = sum % 23;
		int expected = 23 - remainder;
		return LETTERS.indexOf(check) + 1 == expected ? null
				: "This is not a valid NHI number: its check letter does not match.";
	}

	private static boolean isAsciiDigit(char c) {
		return c >= '0' && c <= '9';
	}

	/**
	 * An NHI was refused; the message names the problem.
	 */
	public static class InvalidNhi extends IllegalArgumentException {

		InvalidNhi(String problem) {
			super(problem);
		}

	}

}
