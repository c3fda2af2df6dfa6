package nz.tiaki.audit;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import nz.tiaki.shared.command.Command;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Operator commands for the audit log: verify it, and export its signed checkpoints to keep
 * off-system.
 */
@Configuration(proxyBeanMethods = false)
class AuditCommands {

	@Bean
	Command verifyAudit(AuditTrail audit) {
		return new Command() {
			@Override
			public String name() {
				return "verify-audit";
			}

			@Override
			public String usage() {
				return "[EXPORTED-CHECKPOINTS-FILE]  recompute the audit chain and check its signed checkpoints";
			}

			@Override
			public int run(List<String> arguments, PrintStream out) throws Exception {
				List<ExportedCheckpoint> exported = arguments.isEmpty() ? List.of()
						: read(Path.of(arguments.get(0)));
				AuditVerification result = audit.verify(exported);
				out.println(result);
				return result.intact() ? 0 : 1;
			}
		};
	}

	@Bean
	Command exportCheckpoints(AuditTrail audit) {
		return new Command() {
			@Override
			public String name() {
				return "export-checkpoints";
			}

			@Override
			public String usage() {
				return "FILE  write every signed audit checkpoint to FILE (one per line: seq hash signature key)";
			}

			@Override
			public int run(List<String> arguments, PrintStream out) throws Exception {
				if (arguments.isEmpty()) {
					out.println("Name the file to write.");
					return 2;
				}
				audit.sealNow();
				List<String> lines = new ArrayList<>();
				for (ExportedCheckpoint checkpoint : audit.exportCheckpoints()) {
					lines.add(checkpoint.seq() + " " + checkpoint.hash() + " " + checkpoint.signature() + " "
							+ checkpoint.keyId());
				}
				Files.write(Path.of(arguments.get(0)), lines, StandardCharsets.UTF_8);
				out.println("Wrote " + lines.size() + " checkpoints to " + arguments.get(0));
				return 0;
			}
		};
	}

	@Bean
	Command pruneAudit(AuditTrail audit) {
		return new Command() {
			@Override
			public String name() {
				return "prune-audit";
			}

			@Override
			public String usage() {
				return "OPERATOR  remove audit events older than tiaki.audit.retention (10 years), once the log verifies";
			}

			@Override
			public int run(List<String> arguments, PrintStream out) {
				if (arguments.isEmpty()) {
					out.println("Name the operator pruning.");
					return 2;
				}
				try {
					long pruned = audit.pruneExpired(arguments.get(0));
					out.println(pruned == 0 ? "Nothing is older than the retention period." : "Pruned " + pruned
							+ " events; verification now starts from the signed checkpoint they ended at.");
					return 0;
				}
				catch (IllegalStateException ex) {
					out.println(ex.getMessage());
					return 1;
				}
			}
		};
	}

	static List<ExportedCheckpoint> read(Path file) throws java.io.IOException {
		List<ExportedCheckpoint> checkpoints = new ArrayList<>();
		for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			String[] parts = line.strip().split("\\s+");
			if (parts.length == 4) {
				checkpoints.add(new ExportedCheckpoint(Long.parseLong(parts[0]), parts[1], parts[2], parts[3]));
			}
		}
		return checkpoints;
	}

}
