package nz.tiaki.shared.command;

import java.io.PrintStream;
import java.util.List;

/**
 * An operator command, run as {@code java -jar tiaki.jar NAME [ARGUMENTS]}: the portal
 * starts without its web server, runs the command and exits with its status.
 */
public interface Command {

	/**
	 * @return the name typed on the command line
	 */
	String name();

	/**
	 * @return one line on what it does and its arguments
	 */
	String usage();

	/**
	 * @param arguments what followed the name
	 * @param out where to report
	 * @return the exit status: 0 for success
	 * @throws Exception when the command cannot complete
	 */
	int run(List<String> arguments, PrintStream out) throws Exception;

}
