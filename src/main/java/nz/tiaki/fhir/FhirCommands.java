package nz.tiaki.fhir;

import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import nz.tiaki.access.Subject;
import nz.tiaki.shared.command.Command;
import nz.tiaki.shared.ids.PracticeId;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Operator commands for the FHIR side: importing bundles from files (synthetic patients for
 * demos and load tests, or a practice's export from its old system).
 */
@Configuration(proxyBeanMethods = false)
class FhirCommands {

	static final UUID IMPORT_JOB = UUID.fromString("00000000-0000-0000-0000-0000000001b0");

	private static final String LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";

	@Bean
	Command importBundles(BundleImport imports, FhirContext fhir) {
		return new Command() {
			@Override
			public String name() {
				return "import-bundles";
			}

			@Override
			public String usage() {
				return "PRACTICE_ID [synthetic] FILE_OR_FOLDER...  import FHIR transaction bundles into a practice, one "
						+ "file at a time, reporting progress; 'synthetic' gives patients without an NHI a test NHI";
			}

			@Override
			public int run(List<String> arguments, PrintStream out) throws Exception {
				if (arguments.size() < 2) {
					out.println("Give the practice id and at least one bundle file or folder.");
					return 2;
				}
				PracticeId practice;
				try {
					practice = new PracticeId(UUID.fromString(arguments.get(0)));
				}
				catch (IllegalArgumentException ex) {
					out.println("That is not a practice id.");
					return 2;
				}
				boolean synthetic = arguments.get(1).equals("synthetic");
				List<Path> files = new ArrayList<>();
				for (String given : arguments.subList(synthetic ? 2 : 1, arguments.size())) {
					Path path = Path.of(given);
					if (Files.isDirectory(path)) {
						try (Stream<Path> listed = Files.list(path)) {
							listed.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
						}
					}
					else {
						files.add(path);
					}
				}
				Subject job = Subject.system(IMPORT_JOB);
				Instant started = Instant.now();
				int created = 0;
				int existing = 0;
				int failed = 0;
				for (int i = 0; i < files.size(); i++) {
					Path file = files.get(i);
					String label = String.format("[%d/%d] %s", i + 1, files.size(), file.getFileName());
					try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
						Bundle bundle = fhir.newJsonParser().parseResource(Bundle.class, reader);
						if (synthetic) {
							giveTestNhis(bundle);
						}
						Bundle answer = imports.run(job, practice, bundle, synthetic ? BundleImport.Mode.SKIP_OTHER_TYPES
								: BundleImport.Mode.STRICT);
						long added = answer.getEntry().stream().filter(e -> e.getResponse().getStatus().startsWith("201")).count();
						created += (int) added;
						existing += answer.getEntry().size() - (int) added;
						out.printf("%s: %d added, %d already there%n", label, added, answer.getEntry().size() - added);
					}
					catch (UnprocessableEntityException ex) {
						failed++;
						out.printf("%s: not imported, nothing of it stored:%n", label);
						((OperationOutcome) ex.getOperationOutcome()).getIssue()
							.forEach(issue -> out.println("    " + issue.getDiagnostics()));
					}
					catch (DataFormatException | java.io.IOException ex) {
						failed++;
						out.printf("%s: not a readable FHIR JSON bundle%n", label);
					}
				}
				out.printf("Done in %d s: %d resources added, %d already there, %d of %d files refused.%n",
						Duration.between(started, Instant.now()).toSeconds(), created, existing, failed, files.size());
				return failed == 0 ? 0 : 1;
			}
		};
	}

	/**
	 * Gives each patient without an NHI a valid test NHI (Z-prefixed) derived from the
	 * patient's id in the file, so that importing the same file again finds the same patient.
	 */
	static void giveTestNhis(Bundle bundle) {
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getResource() instanceof Patient patient && patient.getIdentifier()
				.stream()
				.noneMatch(identifier -> PatientResources.NHI_SYSTEM.equals(identifier.getSystem()))) {
				String seed = entry.hasFullUrl() ? entry.getFullUrl() : patient.getIdElement().getIdPart();
				patient.addIdentifier().setSystem(PatientResources.NHI_SYSTEM).setValue(testNhi(seed));
			}
		}
	}

	static String testNhi(String seed) {
		int hash = seed.hashCode() & 0x7fffffff;
		for (int attempt = 0;; attempt++) {
			int n = hash + attempt * 7919;
			String letters = "Z" + LETTERS.charAt(n % 24) + LETTERS.charAt((n / 24) % 24);
			String digits = String.format("%03d", (n / 576) % 1000);
			int sum = 0;
			for (int i = 0; i < 3; i++) {
				sum += (LETTERS.indexOf(letters.charAt(i)) + 1) * (7 - i);
			}
			sum += (digits.charAt(0) - '0') * 4 + (digits.charAt(1) - '0') * 3 + (digits.charAt(2) - '0') * 2;
			int remainder = sum % 11;
			if (remainder != 0) {
				return letters + digits + ((11 - remainder) % 10);
			}
		}
	}

}
