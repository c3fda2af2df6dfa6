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
		SpringApplication application = new SpringApplication(TiakiApplication.class);
		boolean command = args.length > 0 && !args[0].startsWith("-");
		if (command) {
			application.setWebApplicationType(WebApplicationType.NONE);
			application.setAdditionalProfiles("command");
		}
		ConfigurableApplicationContext context = application.run(args);
		if (command) {
			System.exit(SpringApplication.exit(context));
		}
	}

}
