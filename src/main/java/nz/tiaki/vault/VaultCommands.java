package nz.tiaki.vault;

import java.io.PrintStream;
import java.util.List;

import nz.tiaki.shared.command.Command;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Operator commands for keys.
 */
@Configuration(proxyBeanMethods = false)
class VaultCommands {

	@Bean
	Command rotateMasterKey(Vault vault) {
		return new Command() {
			@Override
			public String name() {
				return "rotate-master-key";
			}

			@Override
			public String usage() {
				return " add a new master key and re-wrap every data key with it (the portal may keep running)";
			}

			@Override
			public int run(List<String> arguments, PrintStream out) {
				long started = System.nanoTime();
				int rewrapped = vault.rotateMasterKey();
				out.printf("Master key rotated; %d data keys re-wrapped in %d ms.%n", rewrapped,
						(System.nanoTime() - started) / 1_000_000);
				return 0;
			}
		};
	}

}
