package nz.tiaki.documents;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nz.tiaki.clinics.StaffRole;
import nz.tiaki.shared.database.EmbeddedDatabase;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.Multipart;
import nz.tiaki.support.ObjectStoreServer;
import nz.tiaki.support.PortalProcess;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.TestFiles;
import nz.tiaki.support.Visitor;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Documents kept in an S3-compatible object store (S3Proxy on a local folder, checking every
 * signature): a portal configured for it keeps only sealed bytes there, under the document's
 * id, and none in PostgreSQL; downloads open them; a removed document's object goes; with the
 * store away an upload is refused and leaves no row, a download answers 503 and works again
 * when the store is back; a wrong secret is refused by the store; an object written for a
 * row that is rolled back is deleted; objects no row names are found and swept, never one a
 * row names or one younger than the margin (ASVS 5.0 V11.1 data protection at rest, V14.2;
 * HIPC 2020 rule 5 storage safeguards).
 */
class ObjectStorageTests extends PortalTest {

	@Autowired
	private EmbeddedDatabase database;

	@Autowired
	private PlatformTransactionManager transactions;

	@Autowired
	private Documents documents;

	@Test
	void aPortalOnTheObjectStoreKeepsOnlySealedBytesThereAndNoneInTheDatabase() throws Exception {
		String marker = "Objectcanary" + UUID.randomUUID().toString().substring(0, 8);
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		Path folder = workDirectory().resolve("object-store-" + marker);
		try (ObjectStoreServer store = new ObjectStoreServer(folder)) {
			store.start();
			List<String> arguments = new ArrayList<>(store.portalArguments());
			try (PortalProcess portal = new PortalProcess(this.database.port(), folder.resolve("portal.log"),
					arguments.toArray(String[]::new))) {
				portal.start();
				Visitor me = signedInTo(portal, patient);
				UUID id = uploaded(this.jdbc, me, patient, marker);
				assertThat(whereKept(this.jdbc, id)).isEqualTo("object-store:true");
				Path object = store.bucket().resolve("documents").resolve(id.toString());
				assertThat(object).exists();
				byte[] sealed = Files.readAllBytes(object);
				assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(marker).doesNotContain("%PDF");

				assertThat(download(me, id)).contains(marker + " blood results");

				store.stop();
				Visitor.Page refused = upload(me, "application/json", TestFiles.pdf("while the store is away"));
				assertThat(refused.status()).isEqualTo(503);
				assertThat(refused.body()).contains("cannot be stored or opened right now");
				assertThat(this.jdbc.sql("select count(*) from document where patient_id = :p")
					.param("p", patient.holderId())
					.query(Integer.class)
					.single()).as("nothing half-stored").isEqualTo(1);
				assertThat(ask(me, id).status()).isEqualTo(503);
				store.start();
				assertThat(download(me, id)).as("the document opens again once the store is back")
					.contains(marker + " blood results");

				removeAndAwait(this.jdbc, me, id, object);
			}
		}
	}

	@Test
	void aWrongSecretIsRefusedARolledBackRowsObjectIsDeletedAndOrphansAreSwept() throws Exception {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		Path folder = workDirectory().resolve("object-store-direct-" + UUID.randomUUID());
		try (ObjectStoreServer server = new ObjectStoreServer(folder)) {
			server.start();
			ObjectStoreContent right = new ObjectStoreContent(settings(server, ObjectStoreServer.SECRET_KEY));
			ObjectStoreContent wrong = new ObjectStoreContent(settings(server, "not-the-secret"));
			DocumentId refused = new DocumentId(UUID.randomUUID());
			DocumentId kept = new DocumentId(UUID.randomUUID());
			DocumentId rolledBack = new DocumentId(UUID.randomUUID());
			byte[] bytes = "sealed bytes stand-in".getBytes(StandardCharsets.UTF_8);

			assertThatThrownBy(() -> wrong.keep(refused, bytes)).isInstanceOf(StorageUnavailable.class);
			assertThat(objectOf(server, refused)).doesNotExist();

			TransactionTemplate tx = new TransactionTemplate(this.transactions);
			tx.executeWithoutResult(status -> assertThat(right.keep(kept, bytes)).as("nothing for the row").isNull());
			assertThat(objectOf(server, kept)).exists();
			assertThat(Download.whole(right.open(kept, null))).isEqualTo(bytes);
			assertThatThrownBy(() -> Download.whole(wrong.open(kept, null))).isInstanceOf(StorageUnavailable.class);

			tx.executeWithoutResult(status -> {
				right.keep(rolledBack, bytes);
				assertThat(objectOf(server, rolledBack)).exists();
				status.setRollbackOnly();
			});
			assertThat(objectOf(server, rolledBack)).as("the row never committed").doesNotExist();

			tx.executeWithoutResult(status -> {
				right.discard(kept);
				assertThat(objectOf(server, kept)).as("not before the deletion commits").exists();
			});
			assertThat(objectOf(server, kept)).doesNotExist();
			DocumentId orphan = new DocumentId(UUID.randomUUID());
			right.keep(orphan, bytes);
			DocumentId named = this.documents.publish(Fixtures.staffSubject(this.fixtures.staff(practice, StaffRole.DOCTOR)),
					new nz.tiaki.shared.ids.PatientId(patient.holderId()), DocumentKind.LETTER, "Letter", "letter.pdf",
					TestFiles.pdf("Named by a row"));
			right.keep(named, bytes);
			right.listPage = 1; // one object a page, so the listing follows continuation tokens
			OrphanObjects sweeper = new OrphanObjects(right, this.jdbc);
			assertThat(sweeper.sweep(Duration.ofHours(1), true).orElseThrow())
				.as("nothing younger than the margin is touched").isEqualTo(new OrphanObjects.Sweep(2, 0, 0));
			assertThat(sweeper.sweep(Duration.ZERO, false).orElseThrow()).isEqualTo(new OrphanObjects.Sweep(2, 1, 0));
			assertThat(objectOf(server, orphan)).exists();
			assertThat(sweeper.sweep(Duration.ZERO, true).orElseThrow()).isEqualTo(new OrphanObjects.Sweep(2, 1, 1));
			assertThat(objectOf(server, orphan)).as("no row names it").doesNotExist();
			assertThat(objectOf(server, named)).as("a row names it").exists();
			assertThat(new OrphanObjects(new DatabaseContentStore(), this.jdbc).sweep(Duration.ZERO, true)).isEmpty();

			assertThat(Download.whole(right.open(new DocumentId(UUID.randomUUID()), "in the row".getBytes(StandardCharsets.UTF_8))))
				.as("a row written before the store was used keeps its own content")
				.asString(StandardCharsets.UTF_8)
				.isEqualTo("in the row");
		}
	}

	private static ObjectStoreSettings settings(ObjectStoreServer server, String secret) {
		return new ObjectStoreSettings(URI.create(server.endpoint()), ObjectStoreServer.BUCKET, "us-east-1",
				ObjectStoreServer.ACCESS_KEY, secret, "documents/", Duration.ofSeconds(10));
	}

	private static Path objectOf(ObjectStoreServer server, DocumentId id) {
		return server.bucket().resolve("documents").resolve(id.value().toString());
	}

	/** A visitor signed in as the patient, second factor and all, on the given portal. */
	static Visitor signedInTo(PortalProcess portal, Fixtures.TestAccount patient) {
		Visitor me = new Visitor(portal.origin());
		assertThat(me.signIn(patient.username(), patient.password()).redirect()).isEqualTo("/signin/factor");
		assertThat(me.secondFactor(Fixtures.totp(patient.secret(), Instant.now().plusSeconds(30))).status()).isEqualTo(302);
		return me;
	}

	/** Uploads a PDF carrying the marker as the patient's only document, and gives its id. */
	static UUID uploaded(JdbcClient jdbc, Visitor me, Fixtures.TestAccount patient, String marker) {
		assertThat(upload(me, "text/html", TestFiles.pdf(marker + " blood results")).redirect())
			.isEqualTo("/patient/documents?added");
		return jdbc.sql("select id from document where patient_id = :p")
			.param("p", patient.holderId())
			.query(UUID.class)
			.single();
	}

	/** Where the row says its content is, and whether the row itself holds none. */
	static String whereKept(JdbcClient jdbc, UUID id) {
		return jdbc.sql("select content_store || ':' || (content_sealed is null) from document where id = :id")
			.param("id", id)
			.query(String.class)
			.single();
	}

	/** The patient removes the document; its row goes at once and its content soon after. */
	static void removeAndAwait(JdbcClient jdbc, Visitor me, UUID id, Path content) {
		assertThat(me.submit("/patient/documents/" + id + "/remove", "/patient/documents/" + id + "/remove", Map.of())
			.status()).isEqualTo(302);
		Awaitility.await("the removed document's content to go")
			.atMost(Duration.ofSeconds(10))
			.until(() -> !Files.exists(content));
		assertThat(jdbc.sql("select count(*) from document where id = :id").param("id", id).query(Integer.class).single())
			.isZero();
	}

	static Visitor.Page upload(Visitor visitor, String accept, byte[] content) {
		String csrf = visitor.get("/patient/documents").csrf().orElseThrow();
		return visitor.send(new Multipart().field("title", "Results")
			.file("file", "results.pdf", "application/pdf", content)
			.post(visitor, "/patient/documents", csrf, accept));
	}

	static Visitor.Binary ask(Visitor visitor, UUID id) {
		return visitor.download("/patient/documents", "/patient/documents/" + id + "/download");
	}

	static String download(Visitor visitor, UUID id) throws IOException {
		return textOf(ask(visitor, id));
	}

	/** The text of the PDF a download handed over. */
	static String textOf(Visitor.Binary file) throws IOException {
		assertThat(file.status()).isEqualTo(200);
		try (PDDocument pdf = Loader.loadPDF(file.body())) {
			return new PDFTextStripper().getText(pdf);
		}
	}

}
