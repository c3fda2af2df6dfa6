package nz.tiaki.lifecycle;

import java.io.PrintStream;
import java.util.List;
import java.util.UUID;

import nz.tiaki.documents.Documents;
import nz.tiaki.shared.command.Command;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Operator commands: legal holds (place, lift, list) and running the retention rules now.
 */
@Configuration(proxyBeanMethods = false)
class LifecycleCommands {

	@Bean
	Command legalHold(LegalHolds holds) {
		return new Command() {
			@Override
			public String name() {
				return "legal-hold";
			}

			@Override
			public String usage() {
				return "place patient|practice ID OPERATOR REASON… | lift HOLD-ID OPERATOR | list  "
						+ "stop (or allow again) the deletion of a patient's or a practice's data";
			}

			@Override
			public int run(List<String> arguments, PrintStream out) {
				String verb = arguments.isEmpty() ? "list" : arguments.get(0);
				try {
					switch (verb) {
						case "place" -> {
							if (arguments.size() < 5) {
								out.println("Usage: legal-hold place patient|practice ID OPERATOR REASON…");
								return 2;
							}
							UUID id = UUID.fromString(arguments.get(2));
							boolean patient = arguments.get(1).equals("patient");
							if (!patient && !arguments.get(1).equals("practice")) {
								out.println("Hold a patient's or a practice's data.");
								return 2;
							}
							UUID hold = holds.place(patient ? new PatientId(id) : null,
									patient ? null : new PracticeId(id), String.join(" ", arguments.subList(4,
											arguments.size())), arguments.get(3));
							out.println("Hold " + hold + " placed.");
							return 0;
						}
						case "lift" -> {
							if (arguments.size() < 3) {
								out.println("Usage: legal-hold lift HOLD-ID OPERATOR");
								return 2;
							}
							boolean lifted = holds.lift(UUID.fromString(arguments.get(1)), arguments.get(2));
							out.println(lifted ? "Hold lifted." : "No active hold with that id.");
							return lifted ? 0 : 1;
						}
						case "list" -> {
							for (LegalHolds.Hold hold : holds.all()) {
								out.println(hold.id() + "  " + (hold.active() ? "ACTIVE " : "lifted ")
										+ (hold.patient() != null ? "patient " + hold.patient()
												: "practice " + hold.practice())
										+ "  placed " + hold.placedAt() + " by " + hold.placedBy()
										+ (hold.active() ? "" : "  lifted " + hold.liftedAt() + " by " + hold.liftedBy())
										+ "  — " + hold.reason());
							}
							return 0;
						}
						default -> {
							out.println("Unknown: " + verb + ". Use place, lift or list.");
							return 2;
						}
					}
				}
				catch (IllegalArgumentException ex) {
					out.println(ex.getMessage());
					return 2;
				}
			}
		};
	}

	@Bean
	Command applyRetention(RetentionJob job) {
		return new Command() {
			@Override
			public String name() {
				return "apply-retention";
			}

			@Override
			public String usage() {
				return " remove every practice document whose time in the portal is over (as the daily job does)";
			}

			@Override
			public int run(List<String> arguments, PrintStream out) {
				Documents.RetentionRun run = job.run();
				if (run == null) {
					out.println("Another node is applying the rules right now.");
					return 1;
				}
				out.println("Removed " + run.removed() + " documents; " + run.held() + " were due but are held.");
				return 0;
			}
		};
	}

	@Bean
	Command practiceDeparture(PracticeDepartures departures, nz.tiaki.audit.AuditTrail audit,
			tools.jackson.databind.json.JsonMapper json) {
		return new Command() {
			@Override
			public String name() {
				return "practice-departure";
			}

			@Override
			public String usage() {
				return "schedule PRACTICE_ID LAST_DAY OPERATOR | complete | certificate PRACTICE_ID FILE | verify FILE  "
						+ "a practice leaving the portal: tell its patients, end its access and destroy its data after "
						+ "the last day, and write or check its signed deletion certificate";
			}

			@Override
			public int run(List<String> arguments, PrintStream out) throws Exception {
				String verb = arguments.isEmpty() ? "" : arguments.get(0);
				try {
					switch (verb) {
						case "schedule" -> {
							if (arguments.size() < 4) {
								out.println("Usage: practice-departure schedule PRACTICE_ID LAST_DAY(YYYY-MM-DD) OPERATOR");
								return 2;
							}
							int told = departures.schedule(new PracticeId(UUID.fromString(arguments.get(1))),
									java.time.LocalDate.parse(arguments.get(2)), arguments.get(3));
							out.println("Last day set. " + told + " patients are being told by e-mail.");
							return 0;
						}
						case "complete" -> {
							var outcomes = departures.completeDue();
							if (outcomes.isEmpty()) {
								out.println("No practice has a last day that has passed.");
							}
							outcomes.forEach((practice, outcome) -> out.println(practice + ": "
									+ (outcome.complete() ? "left; certificate made"
											: outcome.heldPatients() + " patients held; the rest destroyed")));
							return 0;
						}
						case "certificate" -> {
							if (arguments.size() < 3) {
								out.println("Usage: practice-departure certificate PRACTICE_ID FILE");
								return 2;
							}
							var certificate = departures.certificate(new PracticeId(UUID.fromString(arguments.get(1))));
							if (certificate.isEmpty()) {
								out.println("That practice has not left yet.");
								return 1;
							}
							java.nio.file.Files.writeString(java.nio.file.Path.of(arguments.get(2)),
									json.writeValueAsString(certificate.get()));
							out.println("Wrote the signed certificate to " + arguments.get(2));
							return 0;
						}
						case "verify" -> {
							if (arguments.size() < 2) {
								out.println("Usage: practice-departure verify FILE");
								return 2;
							}
							var statement = json.readValue(java.nio.file.Files.readString(java.nio.file.Path.of(
									arguments.get(1))), nz.tiaki.audit.SignedStatement.class);
							boolean good = audit.verify(statement);
							out.println(good ? "The signature is good: this certificate was made here and not changed."
									: "The signature does NOT match: the certificate was changed or made elsewhere.");
							return good ? 0 : 1;
						}
						default -> {
							out.println("Use schedule, complete, certificate or verify.");
							return 2;
						}
					}
				}
				catch (IllegalArgumentException | java.time.format.DateTimeParseException ex) {
					out.println(ex.getMessage());
					return 2;
				}
			}
		};
	}

}
