package nz.tiaki.guard;

import java.io.PrintStream;
import java.util.List;
import java.util.UUID;

import nz.tiaki.shared.command.Command;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Operator commands for the guard.
 */
@Configuration(proxyBeanMethods = false)
class GuardCommands {

	@Bean
	Command plantCanary(Guard guard) {
		return new Command() {
			@Override
			public String name() {
				return "plant-canary";
			}

			@Override
			public String usage() {
				return "PATIENT|DOCUMENT ID  mark a record no legitimate work opens; any request for it locks the asker";
			}

			@Override
			public int run(List<String> arguments, PrintStream out) {
				if (arguments.size() != 2 || !List.of("PATIENT", "DOCUMENT").contains(arguments.get(0))) {
					out.println("Give PATIENT or DOCUMENT and an id.");
					return 2;
				}
				UUID id;
				try {
					id = UUID.fromString(arguments.get(1));
				}
				catch (IllegalArgumentException ex) {
					out.println("That is not an id.");
					return 2;
				}
				guard.plantCanary(arguments.get(0), id.toString());
				out.println("Planted. Do not enrol a canary patient at any practice: it must be reached only by "
						+ "someone looking where they should not.");
				return 0;
			}
		};
	}

	@Bean
	Command securityAlerts(Guard guard) {
		return new Command() {
			@Override
			public String name() {
				return "security-alerts";
			}

			@Override
			public String usage() {
				return "[LIMIT]  alerts that belong to no one practice (addresses locked for failed sign-ins), newest first";
			}

			@Override
			public int run(List<String> arguments, PrintStream out) {
				int limit = arguments.isEmpty() || !arguments.get(0).matches("[0-9]{1,4}") ? 50
						: Integer.parseInt(arguments.get(0));
				for (Alert alert : guard.platformAlerts(limit)) {
					out.println(alert.raisedAt() + "  " + alert.severity() + "  " + alert.kind() + "  " + alert.summary());
				}
				return 0;
			}
		};
	}

}
