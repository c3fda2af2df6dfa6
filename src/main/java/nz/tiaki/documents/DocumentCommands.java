package nz.tiaki.documents;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import nz.tiaki.shared.command.Command;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Operator commands for the document store.
 */
@Configuration(proxyBeanMethods = false)
class DocumentCommands {

	@Bean
	Command sweepDocumentStore(OrphanObjects orphans) {
		return new Command() {
			@Override
			public String name() {
				return "sweep-document-store";
			}

			@Override
			public String usage() {
				return "[--delete]  count (or delete) objects or files in the document store that no document names, "
						+ "older than an hour";
			}

			@Override
			public int run(List<String> arguments, PrintStream out) {
				boolean delete = arguments.contains("--delete");
				Optional<OrphanObjects.Sweep> sweep = orphans.sweep(Duration.ofHours(1), delete);
				if (sweep.isEmpty()) {
					out.println("Documents are kept in PostgreSQL here; there is no object store or directory to sweep.");
					return 0;
				}
				out.printf("%,d examined, %,d named by no document, %,d deleted.%n", sweep.get().examined(),
						sweep.get().orphans(), sweep.get().deleted());
				return 0;
			}
		};
	}

}
