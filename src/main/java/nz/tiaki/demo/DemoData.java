package nz.tiaki.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.crypto.spec.SecretKeySpec;

import ca.uhn.fhir.context.FhirContext;
import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import nz.tiaki.access.Subject;
import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffMember;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.identity.AccountHolder;
import nz.tiaki.identity.AccountId;
import nz.tiaki.identity.Invitations;
import nz.tiaki.identity.IssuedInvitation;
import nz.tiaki.identity.Redemption;
import nz.tiaki.identity.SecondFactors;
import nz.tiaki.identity.TotpEnrolment;
import nz.tiaki.patients.NewPatient;
import nz.tiaki.patients.Nhi;
import nz.tiaki.records.Records;
import nz.tiaki.shared.database.DatabaseSettings;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.hl7.fhir.r4.model.Bundle;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * On the first start with the embedded database, creates a demo practice with two doctors,
 * a nurse, a receptionist, a practice manager and twenty synthetic patients, through the
 * same invitation and enrolment paths people use. The demo sign-ins are written next to
 * the database and printed at every start.
 */
@Component
@Profile("!command")
@EnableConfigurationProperties(DemoSettings.class)
class DemoData implements ApplicationRunner {

	static final String PASSWORD = "kowhai-harbour-demo";

	static final Subject SEEDER = Subject.system(UUID.fromString("00000000-0000-0000-0000-0000000000de"));

	private static final Logger log = LoggerFactory.getLogger(DemoData.class);

	private final DatabaseSettings database;

	private final DemoSettings settings;

	private final Practices practices;

	private final Invitations invitations;

	private final SecondFactors factors;

	private final Records records;

	private final FhirContext fhir;

	private final nz.tiaki.apps.Apps apps;

	private final nz.tiaki.appointments.Appointments appointments;

	private final String origin;

	DemoData(DatabaseSettings database, DemoSettings settings, Practices practices, Invitations invitations,
			SecondFactors factors, Records records, FhirContext fhir, nz.tiaki.apps.Apps apps,
			nz.tiaki.appointments.Appointments appointments,
			@org.springframework.beans.factory.annotation.Value("${tiaki.web.origin}") String origin) {
		this.origin = origin.replaceAll("/+$", "");
		this.apps = apps;
		this.appointments = appointments;
		this.records = records;
		this.fhir = fhir;
		this.database = database;
		this.settings = settings;
		this.practices = practices;
		this.invitations = invitations;
		this.factors = factors;
	}

	@Override
	public void run(ApplicationArguments args) throws IOException {
		if (!this.database.embedded() || !this.settings.enabled()) {
			return;
		}
		Path logins = this.database.embeddedDir().toAbsolutePath().normalize().getParent().resolve("demo-logins.txt");
		if (!this.practices.any()) {
			String text = seed();
			Files.writeString(logins, text, StandardCharsets.UTF_8);
			try {
				Files.setPosixFilePermissions(logins, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				log.debug("File permissions not supported here");
			}
		}
		if (Files.exists(logins)) {
			log.info("\n{}", Files.readString(logins, StandardCharsets.UTF_8));
		}
	}

	private String seed() {
		PracticeId practice = this.practices.create("Harbourside Medical Centre");
		StringBuilder out = new StringBuilder();
		out.append("==== Tiaki demo: synthetic people only ====\n");
		out.append("Sign in at " + this.origin + "/signin with the e-mail address and the password '")
			.append(PASSWORD)
			.append("'.\nThe second step is an authenticator app: add the key below to any TOTP app\n")
			.append("(or run: oathtool --totp -b KEY).\n\n");
		String[][] staff = { { "Hana Williams", "hana.williams@harbourside.example", "PRACTICE_ADMIN" },
				{ "Dr Aroha Ngata", "aroha.ngata@harbourside.example", "DOCTOR" },
				{ "Dr James Whitfield", "james.whitfield@harbourside.example", "DOCTOR" },
				{ "Mele Tupou", "mele.tupou@harbourside.example", "NURSE" },
				{ "Sam Patel", "sam.patel@harbourside.example", "RECEPTIONIST" } };
		for (String[] person : staff) {
			StaffMember member = this.practices.addStaff(practice, person[0], person[1], StaffRole.valueOf(person[2]));
			IssuedInvitation invitation = this.invitations.issue(AccountHolder.staff(member.id()), null, person[1], null);
			AccountId account = this.invitations
				.redeem(new Redemption(invitation.code(), null, person[1], PASSWORD, PASSWORD));
			String key = addApp(account);
			out.append(String.format("  %-24s %-38s key %s%n", StaffRole.valueOf(person[2]).label(), person[1], key));
		}
		out.append('\n');
		publishDemoTimes(practice);
		List<String[]> rows = readPatients();
		int withAccounts = 0;
		String tryInvitation = null;
		for (String[] row : rows) {
			LocalDate born = LocalDate.parse(row[3]);
			PatientId id = this.practices.registerPatient(SEEDER, practice,
					new NewPatient(Nhi.parse(row[0]), row[1], row[2], born, row[5]));
			importRecord(id, row[0]);
			if (withAccounts < 2) {
				IssuedInvitation invitation = this.invitations.issue(AccountHolder.patient(id.value()), born, row[5],
						null);
				AccountId account = this.invitations
					.redeem(new Redemption(invitation.code(), born, null, PASSWORD, PASSWORD));
				out.append(String.format("  %-24s %-38s key %s%n", "Patient", row[5], addApp(account)));
				withAccounts++;
			}
			else if (tryInvitation == null) {
				IssuedInvitation invitation = this.invitations.issue(AccountHolder.patient(id.value()), born, row[5],
						null);
				tryInvitation = String.format("%nTo try setting up a new patient account, go to /invitation with code %s"
						+ "%nand date of birth %s (%s).%n", invitation.code(),
						born.format(DateTimeFormatter.ofPattern("d M yyyy")), row[5]);
			}
		}
		out.append(tryInvitation);
		String app = this.apps.registerPatientApp("Tiaki demo app", List.of("http://127.0.0.1:8765/callback"));
		out.append(String.format("%nA patient app is registered for trying the FHIR API (SMART on FHIR): client id %s,"
				+ "%nredirect http://127.0.0.1:8765/callback. Discovery: /fhir/.well-known/smart-configuration.%n", app));
		out.append("============================================\n");
		return out.toString();
	}

	private void publishDemoTimes(PracticeId practice) {
		List<StaffMember> clinicians = this.practices.clinicians(practice);
		StaffMember desk = clinicians.get(0);
		java.time.LocalDate today = java.time.LocalDate.now(nz.tiaki.appointments.Appointments.ZONE);
		for (int day = 1; day <= 7; day++) {
			java.time.LocalDate date = today.plusDays(day);
			if (date.getDayOfWeek().getValue() >= 6) {
				continue;
			}
			for (StaffMember clinician : clinicians) {
				this.appointments.publish(desk, clinician.id(), date, java.time.LocalTime.of(9, 0),
						java.time.LocalTime.of(12, 0), 15, nz.tiaki.appointments.SlotKind.IN_PERSON, true);
				this.appointments.publish(desk, clinician.id(), date, java.time.LocalTime.of(14, 0),
						java.time.LocalTime.of(15, 0), 15, nz.tiaki.appointments.SlotKind.PHONE, true);
			}
		}
	}

	private void importRecord(PatientId patient, String nhi) {
		ClassPathResource file = new ClassPathResource("demo/records/" + nhi + ".json");
		if (!file.exists()) {
			return;
		}
		try (var in = file.getInputStream()) {
			Bundle bundle = this.fhir.newJsonParser().parseResource(Bundle.class, in);
			this.records.importBundle(SEEDER, patient, bundle, true);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String addApp(AccountId account) {
		TotpEnrolment app = this.factors.startTotp(account);
		this.factors.confirmTotp(account, app, currentCode(app.secret()), "Demo authenticator");
		this.factors.issueRecoveryCodes(account);
		return app.manualKey();
	}

	private static String currentCode(byte[] secret) {
		try {
			TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator();
			return String.format("%06d",
					generator.generateOneTimePassword(new SecretKeySpec(secret, "HmacSHA1"), Instant.now()));
		}
		catch (InvalidKeyException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<String[]> readPatients() {
		List<String[]> rows = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(
				new ClassPathResource("demo/patients.csv").getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (!line.isBlank() && !line.startsWith("#")) {
					rows.add(line.split(","));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return rows;
	}


}
