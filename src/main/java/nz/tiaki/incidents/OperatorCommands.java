package nz.tiaki.incidents;

import java.io.PrintStream;
import java.util.List;
import java.util.UUID;

import nz.tiaki.identity.InvitationRejected;
import nz.tiaki.identity.IssuedInvitation;
import nz.tiaki.shared.command.Command;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Adding and removing Tiaki's operators, from the server's command line only: whoever can run
 * these already holds the server.
 */
@Configuration(proxyBeanMethods = false)
class OperatorCommands {

	@Bean
	Command operator(Operators operators) {
		return new Command() {
			@Override
			public String name() {
				return "operator";
			}

			@Override
			public String usage() {
				return "add EMAIL BY | remove OPERATOR_ID BY | list  Tiaki's operators, who use the operator console";
			}

			@Override
			public int run(List<String> arguments, PrintStream out) {
				String what = arguments.isEmpty() ? "" : arguments.get(0);
				switch (what) {
					case "add" -> {
						if (arguments.size() != 3) {
							out.println("Usage: operator add EMAIL BY");
							return 2;
						}
						try {
							Operators.Added added = operators.add(arguments.get(1), arguments.get(2));
							IssuedInvitation invitation = added.invitation();
							out.println("Operator " + added.id() + " added.");
							out.println("Invitation code (give it to the operator in person; shown once): "
									+ invitation.code());
							out.println("It is valid until " + invitation.expiresAt()
									+ ". They redeem it at /invitation with this e-mail address, then set up a passkey or an authenticator.");
							return 0;
						}
						catch (InvitationRejected ex) {
							out.println(ex.getMessage());
							return 1;
						}
					}
					case "remove" -> {
						if (arguments.size() != 3) {
							out.println("Usage: operator remove OPERATOR_ID BY");
							return 2;
						}
						UUID id;
						try {
							id = UUID.fromString(arguments.get(1));
						}
						catch (IllegalArgumentException ex) {
							out.println("Not an operator id: " + arguments.get(1));
							return 2;
						}
						if (!operators.remove(id, arguments.get(2))) {
							out.println("No current operator has that id.");
							return 1;
						}
						out.println("Removed; their account is disabled and their sessions ended.");
						return 0;
					}
					case "list" -> {
						operators.list()
							.forEach(o -> out.printf("%s  added %s by %s  %s%n", o.id(), o.addedAt(), o.addedBy(),
									o.signsInAs().orElse("(invitation not yet used)")));
						return 0;
					}
					default -> {
						out.println("Usage: operator " + usage());
						return 2;
					}
				}
			}
		};
	}

}
