package nz.tiaki.operations;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import nz.tiaki.TiakiApplication;
import nz.tiaki.access.Subject;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.records.Category;
import nz.tiaki.records.NewEntries;
import nz.tiaki.records.Records;
import nz.tiaki.shared.database.EmbeddedDatabase;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.TestFiles;
import nz.tiaki.vault.SealBroken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The operator's backup and restore drill, as docs/operations.md describes it: pg_dump of the
 * live database, pg_restore into a fresh one, a portal started on the copy. With the master
 * key every document and record entry opens, byte for byte; with any other key none does —
 * a stolen backup alone is worth nothing (HIPAA 164.308(a)(7)(ii)(A) and (B) data backup and
 * disaster recovery; 164.312(a)(2)(iv) encryption; ASVS 5.0 V14.2).
 */
class BackupRestoreDrillTests extends PortalTest {

	private static final String COPY = "tiaki_restore_drill";

	@Autowired
	private EmbeddedDatabase database;

	@Autowired
	@Qualifier("ownerDataSource")
	private DataSource owner;

	@Autowired
	private Documents documents;

	@Autowired
	private Records records;

	private ConfigurableApplicationContext restored;

	@AfterEach
	void dropTheCopy() throws Exception {
		if (this.restored != null) {
			this.restored.close();
		}
		try (Connection connection = this.owner.getConnection(); Statement sql = connection.createStatement()) {
			sql.execute("drop database if exists " + COPY + " with (force)");
		}
	}

	private static void run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor()).as("%s: %s", command[0], output).isZero();
	}

	private ConfigurableApplicationContext portalOnTheCopy(Path masterKey) throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		return new SpringApplicationBuilder(TiakiApplication.class).run("--server.port=" + port,
				"--tiaki.db.url=jdbc:postgresql://localhost:" + this.database.port() + "/" + COPY,
				"--tiaki.db.username=tiaki_app", "--tiaki.db.owner-username=postgres",
				"--tiaki.web.origin=http://localhost:" + port, "--tiaki.vault.master-key-file=" + masterKey,
				"--tiaki.audit.signing-key-file=" + workDirectory().resolve("keys/audit-signing.json"),
				"--tiaki.demo.enabled=false", "--tiaki.scanning.clamd=127.0.0.1:9", "--logging.level.root=warn");
	}

	private Map<UUID, byte[]> documentsOf(Documents documents, Subject patient) {
		Map<UUID, byte[]> contents = new HashMap<>();
		documents.exportAll(patient, document -> contents.put(document.summary().id().value(), document.content()));
		return contents;
	}

	@Test
	void aRestoredCopyOpensWithTheMasterKeyAndWithNoOtherKey() throws Exception {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		PatientId patientId = new PatientId(patient.holderId());
		for (int i = 0; i < 3; i++) {
			this.documents.publish(Fixtures.staffSubject(doctor), patientId, DocumentKind.RESULT, "Scan " + i,
					"scan-" + i + ".png", TestFiles.noisePng(32 + i));
		}
		this.records.add(Fixtures.staffSubject(doctor), patientId,
				NewEntries.build(Category.CONDITION, "Restored condition", null, null, null, null, null));
		Subject self = Fixtures.patientSubject(patient);
		Map<UUID, byte[]> original = documentsOf(this.documents, self);
		assertThat(original).hasSize(3);

		Path dump = workDirectory().resolve("drill-" + UUID.randomUUID() + ".dump");
		long started = System.nanoTime();
		run("pg_dump", "--host=localhost", "--port=" + this.database.port(), "--username=postgres", "--dbname=tiaki",
				"--format=custom", "--file=" + dump);
		long dumped = System.nanoTime();
		try (Connection connection = this.owner.getConnection(); Statement sql = connection.createStatement()) {
			sql.execute("create database " + COPY);
		}
		run("pg_restore", "--host=localhost", "--port=" + this.database.port(), "--username=postgres",
				"--dbname=" + COPY, "--exit-on-error", dump.toString());
		long restoredAt = System.nanoTime();

		this.restored = portalOnTheCopy(workDirectory().resolve("keys/master.json"));
		long serving = System.nanoTime();
		Documents copyDocuments = this.restored.getBean(Documents.class);
		Map<UUID, byte[]> fromCopy = documentsOf(copyDocuments, self);
		assertThat(fromCopy.keySet()).isEqualTo(original.keySet());
		fromCopy.forEach((id, bytes) -> assertThat(bytes).as("document %s", id).isEqualTo(original.get(id)));
		assertThat(this.restored.getBean(Records.class).list(self, patientId, Category.CONDITION)).hasSize(1);
		System.out.printf("Backup drill: %d MB dump in %d ms, restore in %d ms, portal serving the copy in %d ms%n",
				Files.size(dump) / (1024 * 1024), (dumped - started) / 1_000_000, (restoredAt - dumped) / 1_000_000,
				(serving - restoredAt) / 1_000_000);
		this.restored.close();

		this.restored = portalOnTheCopy(workDirectory().resolve("keys/another-master-" + UUID.randomUUID() + ".json"));
		Documents withoutKey = this.restored.getBean(Documents.class);
		assertThatThrownBy(() -> documentsOf(withoutKey, self)).as("documents without the master key")
			.isInstanceOf(SealBroken.class);
		assertThatThrownBy(() -> this.restored.getBean(Records.class).list(self, patientId, Category.CONDITION))
			.as("record entries without the master key")
			.isInstanceOf(SealBroken.class);
		List<String> unreadable = this.restored.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
			.sql("select id::text from document where patient_id = :p")
			.param("p", patientId.value())
			.query(String.class)
			.list();
		assertThat(unreadable).as("the rows are all there, as ciphertext").hasSize(3);
	}

}
