package nz.tiaki.documents;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import nz.tiaki.clinics.StaffRole;
import nz.tiaki.shared.database.EmbeddedDatabase;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalProcess;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.TestFiles;
import nz.tiaki.support.Visitor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static nz.tiaki.documents.ObjectStorageTests.ask;
import static nz.tiaki.documents.ObjectStorageTests.download;
import static nz.tiaki.documents.ObjectStorageTests.removeAndAwait;
import static nz.tiaki.documents.ObjectStorageTests.signedInTo;
import static nz.tiaki.documents.ObjectStorageTests.textOf;
import static nz.tiaki.documents.ObjectStorageTests.uploaded;
import static nz.tiaki.documents.ObjectStorageTests.whereKept;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Documents kept as files in a directory: a portal configured for it writes only sealed
 * bytes there, one file per document named by its id, readable by the portal's user alone,
 * and none in PostgreSQL; downloads open them, on a second node sharing the directory too;
 * with the file gone a download answers 503 and its link stays unspent; a removed document's
 * file goes; a file written for a row that is
 * rolled back is deleted, as is one a failed write left; files no row names are found and
 * swept, never one a row names or one younger than the margin; the portal refuses to start
 * with both an object store and a directory, or with a directory it cannot use (ASVS 5.0
 * V11.1 data protection at rest, V14.2; HIPC 2020 rule 5 storage safeguards).
 */
class FileStorageTests extends PortalTest {

	@Autowired
	private EmbeddedDatabase database;

	@Autowired
	private PlatformTransactionManager transactions;

	@Autowired
	private Documents documents;

	@Test
	void aPortalOnTheFileStoreKeepsOnlySealedBytesThereAndNoneInTheDatabase() throws Exception {
		String marker = "Filecanary" + UUID.randomUUID().toString().substring(0, 8);
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Path folder = Files.createDirectories(workDirectory().resolve("file-store-" + marker)).toAbsolutePath();
		Path store = folder.resolve("documents");
		try (PortalProcess portal = new PortalProcess(this.database.port(), folder.resolve("portal.log"),
				"--tiaki.documents.file-store.directory=" + store);
				PortalProcess other = new PortalProcess(this.database.port(), folder.resolve("other.log"),
						"--tiaki.documents.file-store.directory=" + store)) {
			java.util.concurrent.CompletableFuture<Void> otherStarted = java.util.concurrent.CompletableFuture
				.runAsync(() -> {
					try {
						other.start();
					}
					catch (java.io.IOException ex) {
						throw new java.io.UncheckedIOException(ex);
					}
				});
			portal.start();
			assertThat(Files.getPosixFilePermissions(store)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
			Visitor me = signedInTo(portal, patient);
			UUID id = uploaded(this.jdbc, me, patient, marker);
			assertThat(whereKept(this.jdbc, id)).isEqualTo("file-store:true");
			Path file = store.resolve(id.toString().substring(0, 2)).resolve(id.toString());
			assertThat(file).exists();
			assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
			assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain(marker)
				.doesNotContain("%PDF");
			try (var left = Files.list(file.getParent())) {
				assertThat(left).as("no part-written file left").containsExactly(file);
			}

			assertThat(download(me, id)).contains(marker + " blood results");
			otherStarted.join();
			Visitor doctorThere = signedInTo(other, doctor);
			assertThat(textOf(doctorThere.download("/practice", "/practice/documents/" + id + "/download")))
				.as("a second node on the same directory opens what the first wrote")
				.contains(marker + " blood results");

			Path away = folder.resolve("away");
			Files.move(file, away);
			assertThat(ask(me, id).status()).isEqualTo(503);
			Files.move(away, file);
			assertThat(download(me, id)).as("the document opens again once its file is back")
				.contains(marker + " blood results");

			removeAndAwait(this.jdbc, me, id, file);
		}
	}

	@Test
	void aRolledBackRowsFileIsDeletedAFailedWriteLeavesNothingAndOrphansAreSwept() throws Exception {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		Path root = workDirectory().resolve("file-store-direct-" + UUID.randomUUID());
		FileContentStore store = new FileContentStore(new FileStoreSettings(root));
		DocumentId kept = new DocumentId(UUID.randomUUID());
		DocumentId rolledBack = new DocumentId(UUID.randomUUID());
		byte[] bytes = "sealed bytes stand-in".getBytes(StandardCharsets.UTF_8);

		TransactionTemplate tx = new TransactionTemplate(this.transactions);
		tx.executeWithoutResult(status -> assertThat(store.keep(kept, bytes)).as("nothing for the row").isNull());
		assertThat(store.pathOf(kept)).hasBinaryContent(bytes);
		assertThat(Download.whole(store.open(kept, null))).isEqualTo(bytes);
		assertThatThrownBy(() -> Download.whole(store.open(new DocumentId(UUID.randomUUID()), null)))
			.isInstanceOf(StorageUnavailable.class);
		assertThat(Download.whole(store.open(new DocumentId(UUID.randomUUID()), "in the row".getBytes(StandardCharsets.UTF_8))))
			.as("a row written before the store was used keeps its own content")
			.asString(StandardCharsets.UTF_8)
			.isEqualTo("in the row");

		tx.executeWithoutResult(status -> {
			store.keep(rolledBack, bytes);
			assertThat(store.pathOf(rolledBack)).exists();
			status.setRollbackOnly();
		});
		assertThat(store.pathOf(rolledBack)).as("the row never committed").doesNotExist();

		DocumentId blocked = new DocumentId(UUID.randomUUID());
		Path spread = store.pathOf(blocked).getParent();
		if (!Files.exists(spread)) {
			Files.writeString(spread, "not a directory");
			assertThatThrownBy(() -> store.keep(blocked, bytes)).isInstanceOf(StorageUnavailable.class);
			Files.delete(spread);
		}
		else {
			Files.createDirectory(store.pathOf(blocked).resolveSibling(blocked.value() + ".part"));
			assertThatThrownBy(() -> store.keep(blocked, bytes)).isInstanceOf(StorageUnavailable.class);
			assertThat(store.pathOf(blocked).resolveSibling(blocked.value() + ".part")).doesNotExist();
		}
		assertThat(store.pathOf(blocked)).as("a failed write keeps nothing").doesNotExist();

		tx.executeWithoutResult(status -> {
			store.discard(kept);
			assertThat(store.pathOf(kept)).as("not before the deletion commits").exists();
		});
		assertThat(store.pathOf(kept)).doesNotExist();

		DocumentId orphan = new DocumentId(UUID.randomUUID());
		store.keep(orphan, bytes);
		DocumentId partWritten = new DocumentId(UUID.randomUUID());
		Path part = store.pathOf(partWritten).resolveSibling(partWritten.value() + ".part");
		Files.createDirectories(part.getParent());
		Files.write(part, bytes);
		DocumentId named = this.documents.publish(Fixtures.staffSubject(this.fixtures.staff(practice, StaffRole.DOCTOR)),
				new nz.tiaki.shared.ids.PatientId(patient.holderId()), DocumentKind.LETTER, "Letter", "letter.pdf",
				TestFiles.pdf("Named by a row"));
		store.keep(named, bytes);
		Path stray = root.resolve("notes.txt");
		Files.writeString(stray, "not a document");
		// a name UUID.fromString would accept, in the folder its parsed id would use, but not an id as the store writes it
		Path lookalike = Files.createDirectories(root.resolve("00")).resolve("1-2-3-4-5");
		Files.writeString(lookalike, "not a document either");
		OrphanObjects sweeper = new OrphanObjects(store, this.jdbc);
		assertThat(sweeper.sweep(Duration.ofHours(1), true).orElseThrow())
			.as("nothing younger than the margin is touched").isEqualTo(new OrphanObjects.Sweep(3, 0, 0));
		Files.setLastModifiedTime(part, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
		assertThat(sweeper.sweep(Duration.ofMinutes(30), false).orElseThrow())
			.as("only the old part-written file is past the margin").isEqualTo(new OrphanObjects.Sweep(3, 1, 0));
		assertThat(sweeper.sweep(Duration.ZERO, true).orElseThrow()).isEqualTo(new OrphanObjects.Sweep(3, 2, 2));
		assertThat(store.pathOf(orphan)).as("no row names it").doesNotExist();
		assertThat(part).as("left by a write that never finished").doesNotExist();
		assertThat(store.pathOf(named)).as("a row names it").exists();
		assertThat(stray).as("not the store's to remove").exists();
		assertThat(lookalike).as("not the store's to remove").exists();
	}

	@Test
	void aPortalRefusesTwoPlacesForContentOrADirectoryItCannotUse() throws Exception {
		Path file = Files.writeString(workDirectory().resolve("not-a-directory-" + UUID.randomUUID()), "a file");
		assertThatThrownBy(() -> new FileContentStore(new FileStoreSettings(file)))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("tiaki.documents.file-store.directory");
		ObjectStoreSettings objects = new ObjectStoreSettings(java.net.URI.create("http://127.0.0.1:9"), "documents",
				"us-east-1", "key", "secret", "documents/", Duration.ofSeconds(1));
		assertThatThrownBy(() -> new DocumentStorageConfiguration().contentStore(objects,
				new FileStoreSettings(workDirectory().resolve("both-" + UUID.randomUUID()))))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("not both");
	}

}
