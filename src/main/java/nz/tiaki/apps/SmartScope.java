package nz.tiaki.apps;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMART on FHIR clinical scope: {@code patient/Observation.rs},
 * {@code system/*.read} and the like (App Launch 2.x, with the 1.x {@code read}/
 * {@code write} forms understood).
 *
 * @param context whose data: the launch patient's, the user's, or the system's
 * @param resourceType a FHIR resource type, or {@code *}
 * @param permissions what the scope allows
 */
public record SmartScope(Context context, String resourceType, Set<Permission> permissions) {

	private static final Pattern FORM = Pattern.compile("(patient|user|system)/([A-Za-z]+|\\*)\\.(read|write|\\*|c?r?u?d?s?)");

	/**
	 * @param text a scope as an app asked for it
	 * @return it understood, or empty when it is not a clinical scope or is malformed
	 */
	public static Optional<SmartScope> parse(String text) {
		Matcher matcher = FORM.matcher(text);
		if (!matcher.matches() || matcher.group(3).isEmpty()) {
			return Optional.empty();
		}
		Context context = Context.valueOf(matcher.group(1).toUpperCase(Locale.ROOT));
		Set<Permission> permissions = switch (matcher.group(3)) {
			case "read" -> EnumSet.of(Permission.READ, Permission.SEARCH);
			case "write" -> EnumSet.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE);
			case "*" -> EnumSet.allOf(Permission.class);
			default -> {
				Set<Permission> given = EnumSet.noneOf(Permission.class);
				for (char letter : matcher.group(3).toCharArray()) {
					given.add(Permission.of(letter));
				}
				yield given;
			}
		};
		return Optional.of(new SmartScope(context, matcher.group(2), permissions));
	}

	/**
	 * @param type a resource type
	 * @param permission what is asked
	 * @return whether this scope allows it
	 */
	public boolean allows(String type, Permission permission) {
		return (this.resourceType.equals("*") || this.resourceType.equals(type)) && this.permissions.contains(permission);
	}

	/**
	 * Whose data a scope reaches.
	 */
	public enum Context {

		/** The patient the app was launched for. */
		PATIENT,
		/** Whatever the signed-in user may see. */
		USER,
		/** A back-end system, within its registration. */
		SYSTEM

	}

	/**
	 * What a scope allows: create, read, update, delete, search.
	 */
	public enum Permission {

		/** Create. */
		CREATE,
		/** Read one resource by id. */
		READ,
		/** Update. */
		UPDATE,
		/** Delete. */
		DELETE,
		/** Search. */
		SEARCH;

		static Permission of(char letter) {
			return switch (letter) {
				case 'c' -> CREATE;
				case 'r' -> READ;
				case 'u' -> UPDATE;
				case 'd' -> DELETE;
				default -> SEARCH;
			};
		}

	}

}
