package nz.tiaki.incidents;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import nz.tiaki.shared.command.Command;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Operator commands for breach response. Suspects and window are given as words:
 * {@code account=UUID}, {@code session=REF}, {@code address=IP} (each may repeat),
 * {@code from=2026-11-01T00:00:00Z}, {@code to=...}.
 */
@Configuration(proxyBeanMethods = false)
class IncidentCommands {

	@Bean
	Command incidentScope(Incidents incidents) {
		return new Command() {
			@Override
			public String name() {
				return "incident-scope";
			}

			@Override
			public String usage() {
				return "account=UUID session=REF address=IP|CIDR from=ISO to=ISO [out=FILE]  list exactly what the suspects received";
			}

			@Override
			public int run(List<String> arguments, PrintStream out) throws Exception {
				Scope scope = parse(arguments, out);
				if (scope == null) {
					return 2;
				}
				long started = System.nanoTime();
				Exposure exposure = incidents.scope(scope);
				out.printf("Scoped %,d audit events in %d ms.%n", exposure.eventsExamined(),
						(System.nanoTime() - started) / 1_000_000);
				out.printf("Patients whose data was read: %,d%nDocuments delivered: %,d%n", exposure.patients().size(),
						exposure.documentsReceived().size());
				exposure.patientsByPractice()
					.forEach((practice, count) -> out.printf("  practice %s: %,d patients%n", practice, count));
				String file = value(arguments, "out");
				if (file != null) {
					List<String> lines = new ArrayList<>();
					exposure.patients().forEach(p -> lines.add("patient " + p));
					exposure.documentsReceived().forEach(d -> lines.add("document " + d));
					Files.write(Path.of(file), lines, StandardCharsets.UTF_8);
					out.println("Wrote the ids to " + file);
				}
				return 0;
			}
		};
	}

	@Bean
	Command incidentContain(Incidents incidents) {
		return new Command() {
			@Override
			public String name() {
				return "incident-contain";
			}

			@Override
			public String usage() {
				return "account=UUID session=REF address=IP|CIDR from=ISO to=ISO [rotate-master-key]  lock the accounts, reset their credentials, end the sessions";
			}

			@Override
			public int run(List<String> arguments, PrintStream out) throws Exception {
				Scope scope = parse(arguments, out);
				if (scope == null) {
					return 2;
				}
				Containment done = incidents.contain(scope, arguments.contains("rotate-master-key"));
				out.printf("Locked %d accounts and reset their passwords and second factors (their practices issue new invitations), ended %d sessions, re-wrapped %d data keys.%n", done.accountsLocked(),
						done.sessionsEnded(), done.dataKeysRewrapped());
				return 0;
			}
		};
	}

	@Bean
	Command incidentNotify(Notices notices) {
		return new Command() {
			@Override
			public String name() {
				return "incident-notify";
			}

			@Override
			public String usage() {
				return "title=\"...\" out=DIR account=... session=... address=... from=ISO to=ISO  write a letter (PDF, with a "
						+ "breach-status code) for every affected patient and a draft for the Privacy Commissioner";
			}

			@Override
			public int run(List<String> arguments, PrintStream out) throws Exception {
				Scope scope = parse(arguments, out);
				String title = value(arguments, "title");
				String folder = value(arguments, "out");
				if (scope == null || title == null || folder == null) {
					out.println("Give title= and out= as well.");
					return 2;
				}
				int told = notices.issue(title, scope, Path.of(folder));
				out.printf("Wrote %d letters and the Privacy Commissioner draft to %s%n", told, folder);
				return 0;
			}
		};
	}

	static Scope parse(List<String> arguments, PrintStream out) {
		Set<UUID> accounts = new HashSet<>();
		Set<String> sessions = new HashSet<>();
		Set<String> addresses = new HashSet<>();
		try {
			for (String argument : arguments) {
				if (argument.startsWith("account=")) {
					accounts.add(UUID.fromString(argument.substring(8)));
				}
				else if (argument.startsWith("session=")) {
					sessions.add(argument.substring(8));
				}
				else if (argument.startsWith("address=")) {
					String address = argument.substring(8);
					if (!Scope.isAddressOrRange(address)) {
						out.println("Not an address or an address range (like 203.0.113.0/24): " + address);
						return null;
					}
					addresses.add(address);
				}
			}
			String from = value(arguments, "from");
			String to = value(arguments, "to");
			if (from == null || to == null || (accounts.isEmpty() && sessions.isEmpty() && addresses.isEmpty())) {
				out.println("Give at least one account=, session= or address=, and from= and to= (ISO-8601 instants).");
				return null;
			}
			return new Scope(accounts, sessions, addresses, Instant.parse(from), Instant.parse(to));
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			out.println("Could not read the arguments: " + ex.getMessage());
			return null;
		}
	}

	static String value(List<String> arguments, String key) {
		for (String argument : arguments) {
			if (argument.startsWith(key + "=")) {
				return argument.substring(key.length() + 1);
			}
		}
		return null;
	}

}
