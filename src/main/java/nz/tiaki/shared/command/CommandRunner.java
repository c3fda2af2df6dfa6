package nz.tiaki.shared.command;

import java.util.List;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Runs the command named on the command line.
 */
@Component
@Profile(CommandRunner.PROFILE)
class CommandRunner implements ApplicationRunner, ExitCodeGenerator {

	static final String PROFILE = "command";

	private final List<Command> commands;

	private int status = 0;

	CommandRunner(List<Command> commands) {
		this.commands = commands;
	}

	@Override
	public void run(ApplicationArguments arguments) throws Exception {
		List<String> words = arguments.getNonOptionArgs();
		String name = words.isEmpty() ? "" : words.get(0);
		for (Command command : this.commands) {
			if (command.name().equals(name)) {
				this.status = command.run(words.subList(1, words.size()), System.out);
				return;
			}
		}
		System.out.println("Unknown command '" + name + "'. Commands:");
		this.commands.forEach(c -> System.out.println("  " + c.name() + " " + c.usage()));
		this.status = 2;
	}

	@Override
	public int getExitCode() {
		return this.status;
	}

}
