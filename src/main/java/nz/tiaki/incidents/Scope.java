package nz.tiaki.incidents;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * What an incident is about: the suspect accounts, sessions and addresses, and when.
 *
 * @param accounts account ids
 * @param sessions session references (as the audit log records them)
 * @param addresses source addresses, or address ranges in CIDR form ({@code 203.0.113.0/24},
 * {@code 2001:db8::/32})
 * @param from start of the window, inclusive
 * @param to end of the window, exclusive
 */
public record Scope(Set<UUID> accounts, Set<String> sessions, Set<String> addresses, Instant from, Instant to) {

	private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern
		.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");

	private static final java.util.regex.Pattern IPV6 = java.util.regex.Pattern.compile("[0-9a-fA-F:]{2,39}");

	/**
	 * @param text an address as typed
	 * @return whether it is an IPv4 or IPv6 address, or such an address with a prefix length
	 */
	public static boolean isAddressOrRange(String text) {
		String[] parts = text.split("/", -1);
		if (parts.length > 2) {
			return false;
		}
		boolean v4 = IPV4.matcher(parts[0]).matches();
		boolean v6 = !v4 && IPV6.matcher(parts[0]).matches() && parts[0].contains(":");
		if (!v4 && !v6) {
			return false;
		}
		if (parts.length == 1) {
			return true;
		}
		try {
			int prefix = Integer.parseInt(parts[1]);
			return prefix >= 0 && prefix <= (v4 ? 32 : 128);
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	/**
	 * @return the exact addresses
	 */
	public Set<String> exactAddresses() {
		return this.addresses.stream().filter(a -> !a.contains("/")).collect(java.util.stream.Collectors.toSet());
	}

	/**
	 * @return the address ranges, as PostgreSQL reads them
	 */
	public String[] addressRanges() {
		return this.addresses.stream().filter(a -> a.contains("/")).toArray(String[]::new);
	}

}
