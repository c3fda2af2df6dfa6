package nz.tiaki.shared.command;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Runs the command named on the command line. A command's report is its product and goes
 * to standard output; nothing there ever carries patient data (commands report counts and
 * opaque ids).
 */
@Component
@Profile(CommandRunner.PROFILE)
class CommandRunner implements ApplicationRunner, ExitCodeGenerator {

	static final String PROFILE = "command";

	private static final Logger log = LoggerFactory.getLogger(CommandRunner.class);

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
		StringBuilder known = new StringBuilder();
		this.commands.forEach(c -> known.append("\n  ").append(c.name()).append(' ').append(c.usage()));
		log.error("Unknown command '{}'. Commands:{}", name, known);
		this.status = 2;
	}

	@Override
	public int getExitCode() {
		return this.status;
	}

}
