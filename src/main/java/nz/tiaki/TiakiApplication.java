package nz.tiaki;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.modulith.Modulithic;

/**
 * Starts the portal.
 */
@SpringBootApplication
@Modulithic(sharedModules = "shared")
public class TiakiApplication {

	public static void main(String[] args) {
		SpringApplication.run(TiakiApplication.class, args);
	}
}
