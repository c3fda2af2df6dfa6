package nz.tiaki.apps;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import nz.tiaki.shared.command.Command;
import nz.tiaki.shared.ids.PracticeId;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Operator commands to register apps.
 */
@Configuration(proxyBeanMethods = false)
class AppCommands {

	@Bean
	Command registerPatientApp(Apps apps) {
		return new Command() {
			@Override
			public String name() {
				return "register-patient-app";
			}

			@Override
			public String usage() {
				return "NAME REDIRECT_URI...  register an app patients can connect (public client, PKCE, consent)";
			}

			@Override
			public int run(List<String> arguments, PrintStream out) {
				if (arguments.size() < 2) {
					out.println("Give the app's name and at least one redirect URI.");
					return 2;
				}
				for (String uri : arguments.subList(1, arguments.size())) {
					if (!uri.matches("(https://|http://(127\\.0\\.0\\.1|localhost|\\[::1])(:\\d+)?/|[a-z][a-z0-9.+-]*\\.[a-z0-9.+-]+:/)\\S*")) {
						out.println("A redirect URI must be https, a loopback address, or an app's own reverse-domain "
								+ "scheme (RFC 8252): " + uri);
						return 2;
					}
				}
				String clientId = apps.registerPatientApp(arguments.get(0), arguments.subList(1, arguments.size()));
				out.println("Registered. Client id: " + clientId);
				return 0;
			}
		};
	}

	@Bean
	Command registerPracticeSystem(Apps apps) {
		return new Command() {
			@Override
			public String name() {
				return "register-practice-system";
			}

			@Override
			public String usage() {
				return "PRACTICE_ID NAME PUBLIC_JWK_FILE  register a practice's own system (client credentials, "
						+ "private-key assertion)";
			}

			@Override
			public int run(List<String> arguments, PrintStream out) throws Exception {
				if (arguments.size() != 3) {
					out.println("Give the practice id, the system's name and the file holding its public key (JWK).");
					return 2;
				}
				PracticeId practice;
				try {
					practice = new PracticeId(UUID.fromString(arguments.get(0)));
				}
				catch (IllegalArgumentException ex) {
					out.println("That is not a practice id.");
					return 2;
				}
				try {
					String clientId = apps.registerPracticeSystem(practice, arguments.get(1),
							Files.readString(Path.of(arguments.get(2))));
					out.println("Registered. Client id: " + clientId);
					return 0;
				}
				catch (IllegalArgumentException ex) {
					out.println(ex.getMessage());
					return 2;
				}
			}
		};
	}

}
