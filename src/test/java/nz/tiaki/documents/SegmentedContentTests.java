package nz.tiaki.documents;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

import javax.imageio.ImageIO;

import nz.tiaki.access.AccessGate;
import nz.tiaki.access.Action;
import nz.tiaki.access.Grant;
import nz.tiaki.access.Subject;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.TestFiles;
import nz.tiaki.support.Visitor;
import nz.tiaki.vault.SealBroken;
import nz.tiaki.vault.Vault;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Document content is sealed in 64 KB segments under a key of its own, wrapped by the
 * patient's, and opened a segment at a time as it is sent: a large document comes back whole
 * and exact; content sealed in one piece before segments still opens; a segment changed
 * further on stops the transfer there (the promised length is not met, so the receiver sees
 * a failed transfer, never a whole file) and is recorded; content cut short, moved to another
 * document or under a destroyed patient key does not open (ASVS 5.0 V11.3 encryption
 * algorithms, V11.1 data at rest).
 */
class SegmentedContentTests extends PortalTest {

	private static final Subject SYSTEM = Subject.system(UUID.fromString("00000000-0000-0000-0000-0000005e9e47"));

	/** A side giving a noise PNG of about 270 kB: five segments. */
	private static final int SIDE = 300;

	@Autowired
	private Documents documents;

	@Autowired
	private Vault vault;

	@Autowired
	private AccessGate gate;

	private Fixtures.TestAccount patient;

	private PatientId patientId;

	private Subject doctor;

	@BeforeEach
	void setUp() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		this.patient = this.fixtures.patient(practice);
		this.patientId = new PatientId(this.patient.holderId());
		this.doctor = Fixtures.staffSubject(this.fixtures.staff(practice, StaffRole.DOCTOR));
	}

	@Test
	void aLargeDocumentIsSealedInSegmentsAndComesBackWholeAndExact() throws IOException {
		byte[] png = TestFiles.noisePng(SIDE);
		DocumentId id = this.documents.publish(this.doctor, this.patientId, DocumentKind.RESULT, "Scan", "scan.png", png);
		byte[] sealed = sealed(id);
		long size = size(id);
		assertThat(size).as("more than four segments").isGreaterThan(4 * 64 * 1024);
		assertThat(sealed[0]).as("sealed in segments").isEqualTo((byte) 2);

		Visitor.Binary file = signedIn(this.patient).download("/patient/documents",
				"/patient/documents/" + id + "/download");

		assertThat(file.status()).isEqualTo(200);
		assertThat(file.header("Content-Length")).isEqualTo(Long.toString(size));
		assertThat(file.body()).hasSize((int) size);
		assertThat(samePixels(file.body(), png)).as("the picture as it was published").isTrue();
	}

	@Test
	void contentSealedInOnePieceBeforeSegmentsStillOpens() {
		byte[] png = TestFiles.noisePng(40);
		DocumentId id = this.documents.publish(this.doctor, this.patientId, DocumentKind.RESULT, "Scan", "scan.png", png);
		byte[] segmented = Download.whole(this.vault.openContent(grant(), this.patientId, Documents.CONTENT, id.value(),
				new ByteArrayInputStream(sealed(id))));
		byte[] onePiece = this.vault.seal(grant(), Documents.CONTENT, id.value(), segmented);
		assertThat(onePiece[0]).as("Tink's one-piece form").isEqualTo((byte) 1);
		replaceSealed(id, onePiece);

		Visitor.Binary file = signedIn(this.patient).download("/patient/documents",
				"/patient/documents/" + id + "/download");

		assertThat(file.status()).isEqualTo(200);
		assertThat(file.body()).isEqualTo(segmented);
	}

	@Test
	void aSegmentChangedFurtherOnStopsTheTransferThereAndIsRecorded() {
		DocumentId id = this.documents.publish(this.doctor, this.patientId, DocumentKind.RESULT, "Scan", "scan.png",
				TestFiles.noisePng(SIDE));
		byte[] sealed = sealed(id);
		sealed[3 * 64 * 1024 + 100] ^= 0x01;
		replaceSealed(id, sealed);
		Visitor visitor = signedIn(this.patient);

		assertThatThrownBy(
				() -> visitor.download("/patient/documents", "/patient/documents/" + id + "/download"))
			.as("the receiver sees the transfer fail, not a shorter file")
			.isInstanceOf(UncheckedIOException.class);

		assertThat(sealBroken(id)).isEqualTo(1);
		Download again = this.documents.download(self(), id, null, () -> "Patient");
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		assertThatThrownBy(() -> again.sendTo(received)).isInstanceOf(SealBroken.class);
		assertThat(received.size()).as("the segments before the changed one, and nothing after")
			.isPositive()
			.isLessThan(3 * 64 * 1024);
	}

	@Test
	void contentCutShortMovedOrChangedAtTheStartDoesNotOpen() {
		DocumentId first = this.documents.publish(this.doctor, this.patientId, DocumentKind.RESULT, "Scan", "a.png",
				TestFiles.noisePng(SIDE));
		DocumentId second = this.documents.publish(this.doctor, this.patientId, DocumentKind.RESULT, "Scan", "b.png",
				TestFiles.noisePng(SIDE));
		byte[] sealed = sealed(first);

		byte[] cut = java.util.Arrays.copyOf(sealed, sealed.length - 1000);
		replaceSealed(first, cut);
		Download shortened = this.documents.download(self(), first, null, () -> "Patient");
		assertThatThrownBy(() -> shortened.sendTo(java.io.OutputStream.nullOutputStream())).as("the last segment cut off")
			.isInstanceOf(SealBroken.class);

		int segmentsStart = 3 + ((sealed[1] & 0xff) << 8 | (sealed[2] & 0xff));
		int lastStart = segmentsStart + (sealed.length - segmentsStart - 1) / (64 * 1024) * (64 * 1024);
		byte[] lastDropped = java.util.Arrays.copyOf(sealed, lastStart);
		replaceSealed(first, lastDropped);
		Download dropped = this.documents.download(self(), first, null, () -> "Patient");
		assertThatThrownBy(() -> dropped.sendTo(java.io.OutputStream.nullOutputStream())).as("whole segments dropped from the end")
			.isInstanceOf(SealBroken.class);

		replaceSealed(second, sealed);
		assertThatThrownBy(() -> this.documents.download(self(), second, null, () -> "Patient"))
			.as("moved to another document of the same patient")
			.isInstanceOf(SealBroken.class);

		for (int at : new int[] { 0, 1, 2, 10, 100, 300 }) {
			byte[] changed = flipped(sealed, at);
			replaceSealed(first, changed);
			assertThatThrownBy(() -> this.documents.download(self(), first, null, () -> "Patient"))
				.as("changed at byte %d, in its key or first segment", at)
				.isInstanceOf(SealBroken.class);
		}
	}

	@Test
	void destroyingThePatientsKeyDestroysEveryDocumentsOwnKey() {
		DocumentId id = this.documents.publish(this.doctor, this.patientId, DocumentKind.RESULT, "Scan", "scan.png",
				TestFiles.noisePng(SIDE));

		assertThat(this.vault.shred(this.gate.require(SYSTEM, this.patientId, Action.SHRED, "closure"))).isTrue();

		assertThatThrownBy(() -> this.vault.openContent(grant(), this.patientId, Documents.CONTENT, id.value(),
				new ByteArrayInputStream(sealed(id))))
			.isInstanceOf(SealBroken.class);
	}

	private static byte[] flipped(byte[] sealed, int at) {
		byte[] changed = sealed.clone();
		changed[at] ^= 0x01;
		return changed;
	}

	private Subject self() {
		return new Subject(Subject.Kind.PATIENT, this.patient.holderId(), this.patient.id().value());
	}

	private Grant grant() {
		return this.gate.require(SYSTEM, this.patientId, Action.READ_DOCUMENT, null);
	}

	private byte[] sealed(DocumentId id) {
		return this.jdbc.sql("select content_sealed from document where id = :id")
			.param("id", id.value())
			.query(byte[].class)
			.single();
	}

	private long size(DocumentId id) {
		return this.jdbc.sql("select size_bytes from document where id = :id")
			.param("id", id.value())
			.query(Long.class)
			.single();
	}

	private void replaceSealed(DocumentId id, byte[] sealed) {
		this.jdbc.sql("update document set content_sealed = :sealed where id = :id")
			.param("sealed", sealed)
			.param("id", id.value())
			.update();
	}

	private int sealBroken(DocumentId id) {
		return this.jdbc.sql("select count(*) from audit_event where object_ref = :id and reason = 'seal-broken:document'")
			.param("id", id.toString())
			.query(Integer.class)
			.single();
	}

	private static boolean samePixels(byte[] one, byte[] other) throws IOException {
		BufferedImage a = ImageIO.read(new ByteArrayInputStream(one));
		BufferedImage b = ImageIO.read(new ByteArrayInputStream(other));
		if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
			return false;
		}
		for (int y = 0; y < a.getHeight(); y++) {
			for (int x = 0; x < a.getWidth(); x++) {
				if (a.getRGB(x, y) != b.getRGB(x, y)) {
					return false;
				}
			}
		}
		return true;
	}

}
