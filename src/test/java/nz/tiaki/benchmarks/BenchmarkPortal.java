package nz.tiaki.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import nz.tiaki.TiakiApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The portal's services without its web server, on a fresh embedded PostgreSQL and fresh
 * keys, for benchmarks.
 */
final class BenchmarkPortal {

	private BenchmarkPortal() {
	}

	static ConfigurableApplicationContext start(String... more) {
		try {
			Path work = Files.createTempDirectory("tiaki-benchmark-");
			SpringApplication application = new SpringApplication(TiakiApplication.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			java.util.List<String> arguments = new java.util.ArrayList<>(java.util.List.of(
					"--tiaki.db.embedded-dir=" + work.resolve("postgres"),
					"--tiaki.vault.master-key-file=" + work.resolve("keys/master.json"),
					"--tiaki.audit.signing-key-file=" + work.resolve("keys/audit.json"), "--tiaki.demo.enabled=false",
					"--logging.level.root=warn"));
			arguments.addAll(java.util.List.of(more));
			return application.run(arguments.toArray(String[]::new));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
