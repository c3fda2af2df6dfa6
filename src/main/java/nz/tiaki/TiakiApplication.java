package nz.tiaki;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.modulith.Modulithic;

/**
 * Starts the portal, or, when the first argument is a command name, runs that operator
 * command without the web server and exits with its status.
 */
@SpringBootApplication
@Modulithic(sharedModules = "shared")
public class TiakiApplication {

	public static void main(String[] args) {
		boolean command = args.length > 0 && !args[0].startsWith("-");
		ConfigurableApplicationContext context = application(command).run(args);
		if (command) {
			System.exit(SpringApplication.exit(context));
		}
	}

	/**
	 * @param command whether an operator command runs instead of the portal
	 * @return the application as {@link #main} runs it, with the production safety checks
	 */
	public static SpringApplication application(boolean command) {
		SpringApplication application = new SpringApplication(TiakiApplication.class);
		application.addListeners(new nz.tiaki.shared.safety.ProductionSafety());
		if (command) {
			application.setWebApplicationType(WebApplicationType.NONE);
			application.setAdditionalProfiles("command");
		}
		return application;
	}

}
