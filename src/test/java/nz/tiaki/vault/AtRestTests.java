package nz.tiaki.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import nz.tiaki.access.AccessGate;
import nz.tiaki.access.Action;
import nz.tiaki.access.Grant;
import nz.tiaki.access.Subject;
import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.identity.AccountHolder;
import nz.tiaki.identity.Invitations;
import nz.tiaki.patients.NewPatient;
import nz.tiaki.patients.Nhi;
import nz.tiaki.records.Category;
import nz.tiaki.records.EntryId;
import nz.tiaki.records.NewEntries;
import nz.tiaki.records.Records;
import nz.tiaki.shared.database.EmbeddedDatabase;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.TestFiles;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a stolen database reveals: nothing. A real pg_dump and the raw database files carry
 * no name, NHI, address, clinical text or document; a sealed value altered by one bit, or
 * moved to another row or patient, does not open; destroying a patient's key makes their
 * data unreadable for good (HIPAA 164.312(a)(2)(iv), 164.312(e)(2)(ii); ASVS 5.0 V11, V14).
 */
class AtRestTests extends PortalTest {

	@Autowired
	private Practices practices;

	@Autowired
	private Records records;

	@Autowired
	private Documents documents;

	@Autowired
	private Invitations invitations;

	@Autowired
	private Vault vault;

	@Autowired
	private AccessGate gate;

	@Autowired
	private EmbeddedDatabase database;

	@Autowired
	private nz.tiaki.messaging.Messaging messaging;

	@Autowired
	private nz.tiaki.lifecycle.DataExports exports;

	@Autowired
	private nz.tiaki.records.Corrections corrections;

	@Autowired
	@Qualifier("ownerDataSource")
	private DataSource owner;

	private static final Subject SYSTEM = Subject.system(UUID.fromString("00000000-0000-0000-0000-00000000a7e5"));

	@Test
	void aDatabaseDumpAndTheDatabaseFilesHoldNoCanaryNoNameNoNhiAndNoPdf() throws Exception {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		String marker = "Qzcanary" + UUID.randomUUID().toString().substring(0, 8).replace("-", "");
		Nhi nhi = Fixtures.uniqueNhi();
		String email = marker.toLowerCase() + "@canary.example";
		PatientId patient = this.practices.registerPatient(Fixtures.REGISTRAR, practice.id(),
				new NewPatient(nhi, marker + "given", marker + "family", LocalDate.of(1961, 3, 7), email));
		Subject clinician = Fixtures.staffSubject(doctor);
		this.records.add(clinician, patient, NewEntries.build(Category.NOTE, marker + " note title",
				"Patient reports " + marker + "-symptom after " + marker + "-medicine", null, null, null, null));
		this.records.add(clinician, patient,
				NewEntries.build(Category.CONDITION, marker + "-condition", "", null, null, null, null));
		this.documents.publish(clinician, patient, DocumentKind.LETTER, marker + " letter title", marker + "-file.pdf",
				TestFiles.pdf(marker + " confidential letter body"));
		var invitation = this.invitations.issue(AccountHolder.patient(patient.value()), LocalDate.of(1961, 3, 7), email,
				null);
		// Everything else a patient leaves in the portal: an upload, a conversation with a file, a correction
		// request, a copy of their data waiting to be collected.
		var account = this.invitations.redeem(new nz.tiaki.identity.Redemption(invitation.code(),
				LocalDate.of(1961, 3, 7), null, Fixtures.PASSWORD, Fixtures.PASSWORD));
		Subject self = new Subject(Subject.Kind.PATIENT, patient.value(), account.value());
		this.documents.upload(self, marker + " upload title", marker + "-upload.pdf",
				TestFiles.pdf(marker + " uploaded body"));
		this.messaging.start(self, patient, null, marker + " message subject", marker + " message body",
				new nz.tiaki.messaging.Messaging.Attachment(marker + "-attached.pdf", TestFiles.pdf(marker + " attached")));
		var condition = this.records.list(self, patient, Category.CONDITION).get(0).id();
		this.corrections.request(self, condition, marker + " is not my condition, please correct it");
		this.exports.request(self);
		this.exports.work();
		assertThat(this.jdbc.sql("select count(*) from data_export where patient_id = :p and status = 'READY'")
			.param("p", patient.value())
			.query(Integer.class)
			.single()).as("a copy of their data is waiting, sealed").isEqualTo(1);
		List<String> canaries = List.of(marker, marker.toLowerCase(), nhi.value(), email, "1961-03-07");
		try (Connection connection = this.owner.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("checkpoint");
		}

		Path dump = workDirectory().resolve("dump-" + UUID.randomUUID() + ".sql");
		Process pgDump = new ProcessBuilder("pg_dump", "--host=localhost", "--port=" + this.database.port(),
				"--username=postgres", "--dbname=tiaki", "--file=" + dump)
			.redirectErrorStream(true)
			.start();
		String output = new String(pgDump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(pgDump.waitFor()).as("pg_dump: %s", output).isZero();
		String dumped = Files.readString(dump, StandardCharsets.ISO_8859_1);
		assertThat(dumped).contains("COPY public.document").contains("COPY public.clinical_entry");
		assertThat(dumped).as("control: practice names are not patient data and stay readable")
			.contains("Test Practice");
		for (String canary : canaries) {
			assertThat(dumped).as("dump").doesNotContain(canary);
		}
		assertThat(dumped).as("no PDF in plain form").doesNotContain("%PDF");

		List<Path> files;
		try (Stream<Path> walk = Files.walk(workDirectory().resolve("postgres"))) {
			files = walk.filter(Files::isRegularFile).toList();
		}
		List<String> found = new ArrayList<>();
		boolean controlSeen = false;
		for (Path file : files) {
			byte[] bytes;
			try {
				bytes = Files.readAllBytes(file);
			}
			catch (IOException ex) {
				continue;
			}
			String raw = new String(bytes, StandardCharsets.ISO_8859_1);
			controlSeen |= raw.contains("Test Practice");
			for (String canary : canaries) {
				if (raw.contains(canary)) {
					found.add(canary + " in " + file.getFileName());
				}
			}
		}
		assertThat(controlSeen).as("control: the scan reads the files that hold table data").isTrue();
		assertThat(found).as("database files").isEmpty();
	}

	@Test
	void everyBitOfASealedValueMattersAndItOpensNowhereElse() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		PatientId patient = new PatientId(this.fixtures.patient(practice).holderId());
		PatientId other = new PatientId(this.fixtures.patient(practice).holderId());
		EntryId first = this.records.add(Fixtures.staffSubject(doctor), patient,
				NewEntries.build(Category.CONDITION, "Asthma", "", null, null, null, null));
		EntryId second = this.records.add(Fixtures.staffSubject(doctor), patient,
				NewEntries.build(Category.CONDITION, "Eczema", "", null, null, null, null));
		byte[] sealed = this.jdbc.sql("select content_sealed from clinical_entry where id = :id")
			.param("id", first.value())
			.query(byte[].class)
			.single();
		Grant grant = this.gate.require(SYSTEM, patient, Action.READ_SUMMARY, null);
		assertThat(new String(this.vault.open(grant, patient, "record", first.value(), sealed), StandardCharsets.UTF_8))
			.contains("Asthma");

		for (int i = 0; i < sealed.length; i++) {
			byte[] changed = sealed.clone();
			changed[i] ^= 0x01;
			int position = i;
			assertThatThrownBy(() -> this.vault.open(grant, patient, "record", first.value(), changed))
				.as("bit flipped at byte %d", position)
				.isInstanceOf(SealBroken.class);
		}
		assertThatThrownBy(() -> this.vault.open(grant, patient, "record", second.value(), sealed))
			.as("moved to another row").isInstanceOf(SealBroken.class);
		assertThatThrownBy(() -> this.vault.open(grant, patient, "document", first.value(), sealed))
			.as("read as another kind").isInstanceOf(SealBroken.class);
		Grant otherGrant = this.gate.require(SYSTEM, other, Action.READ_SUMMARY, null);
		assertThatThrownBy(() -> this.vault.open(otherGrant, other, "record", first.value(), sealed))
			.as("moved to another patient").isInstanceOf(SealBroken.class);
		assertThatThrownBy(() -> this.vault.open(otherGrant, patient, "record", first.value(), sealed))
			.as("opened with another patient's grant").isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void aSealedValueMovedToAnotherRowIsRefusedThroughThePortalToo() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		PatientId patientId = new PatientId(patient.holderId());
		EntryId secret = this.records.add(Fixtures.staffSubject(doctor), patientId,
				NewEntries.build(Category.ALLERGY, "Moved-canary allergy", "", null, null, null, null));
		EntryId decoy = this.records.add(Fixtures.staffSubject(doctor), patientId,
				NewEntries.build(Category.ALLERGY, "Decoy allergy", "", null, null, null, null));
		this.jdbc.sql("update clinical_entry set content_sealed = (select content_sealed from clinical_entry where id = :from) where id = :to")
			.param("from", secret.value())
			.param("to", decoy.value())
			.update();

		var page = signedIn(patient).get("/patient/health");

		assertThat(page.status()).isEqualTo(500);
		assertThat(page.body()).doesNotContain("Moved-canary");
		assertThat(this.jdbc.sql("select count(*) from audit_event where object_ref = :id and reason like 'seal-broken%'")
			.param("id", decoy.toString())
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	@Test
	void destroyingAPatientsKeyMakesTheirDataUnreadableAndIsRecorded() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		PatientId gone = new PatientId(this.fixtures.patient(practice).holderId());
		PatientId kept = new PatientId(this.fixtures.patient(practice).holderId());
		this.records.add(Fixtures.staffSubject(doctor), gone,
				NewEntries.build(Category.CONDITION, "Gout", "", null, null, null, null));
		this.records.add(Fixtures.staffSubject(doctor), kept,
				NewEntries.build(Category.CONDITION, "Gout", "", null, null, null, null));

		assertThat(this.vault.shred(this.gate.require(SYSTEM, gone, Action.SHRED, "closure"))).isTrue();

		assertThatThrownBy(() -> this.records.summary(Fixtures.staffSubject(doctor), gone))
			.isInstanceOf(SealBroken.class);
		assertThat(this.records.summary(Fixtures.staffSubject(doctor), kept).get(Category.CONDITION)).hasSize(1);
		assertThat(this.jdbc.sql("select count(*) from audit_event where event_type = 'KEY_DESTROYED' and detail = :d")
			.param("d", "patient-key:" + gone)
			.query(Integer.class)
			.single()).isEqualTo(1);
		assertThat(this.jdbc.sql("select wrapped is null from vault_key where owner_id = :p")
			.param("p", gone.value())
			.query(Boolean.class)
			.single()).isTrue();
	}

	@Test
	void rotatingTheMasterKeyRewrapsEveryDataKeyAndEverythingStillOpens() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		PatientId patientId = new PatientId(patient.holderId());
		this.records.add(Fixtures.staffSubject(doctor), patientId,
				NewEntries.build(Category.MEDICATION, "Rotated-canary tablets", "1 daily", null, null, null, null));

		int rewrapped = this.vault.rotateMasterKey();

		assertThat(rewrapped).isPositive();
		assertThat(this.jdbc.sql("select count(distinct master_key_id) from vault_key where destroyed_at is null")
			.query(Integer.class)
			.single()).isEqualTo(1);
		assertThat(signedIn(patient).get("/patient/health").body()).contains("Rotated-canary tablets");
	}

}
