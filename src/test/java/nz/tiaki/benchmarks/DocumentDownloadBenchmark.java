package nz.tiaki.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.TimeUnit;


import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import nz.tiaki.access.Subject;
import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffMember;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentId;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.patients.NewPatient;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.TestFiles;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Document downloads through the whole path (one gate decision, audit, sealed content read,
 * opened by the vault a segment at a time and dropped as it opens; PDFs opened whole and
 * stamped on every page) against raw AES-GCM decryption of the same size in one piece. Operations per second times the file size gives MB/s. Run with
 * {@code scripts/benchmark DocumentDownload -f 1 -wi 6 -i 3 -w 20s -r 10s -t 4} (a shorter warm-up
 * leaves the 1 MB download still climbing).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DocumentDownloadBenchmark {

	private ConfigurableApplicationContext portal;

	private Documents documents;

	private Subject patient;

	private DocumentId image;

	private DocumentId pdf;

	private Aead rawKey;

	private byte[] rawImage;

	private byte[] associated;

	@Setup(Level.Trial)
	public void seed() throws Exception {
		this.portal = BenchmarkPortal.start();
		this.documents = this.portal.getBean(Documents.class);
		Practices practices = this.portal.getBean(Practices.class);
		PracticeId practice = practices.create("Benchmark Practice");
		StaffMember doctor = practices.addStaff(practice, "Dr Bench", "bench@practice.example", StaffRole.DOCTOR);
		Subject clinician = new Subject(Subject.Kind.STAFF, doctor.id(), null);
		PatientId id = practices.registerPatient(Fixtures.REGISTRAR, practice,
				new NewPatient(Fixtures.uniqueNhi(), "Bench", "Patient", LocalDate.of(1970, 1, 1), null));
		this.patient = new Subject(Subject.Kind.PATIENT, id.value(), null);
		byte[] png = TestFiles.noisePng(580);
		this.image = this.documents.publish(clinician, id, DocumentKind.RESULT, "Scan", "scan.png", png);
		this.pdf = this.documents.publish(clinician, id, DocumentKind.LETTER, "Letter", "letter.pdf",
				TestFiles.pdf("A one-page letter"));
		AeadConfig.register();
		this.rawKey = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
			.getPrimitive(RegistryConfiguration.get(), Aead.class);
		this.associated = ("tiaki/v1/document/" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
		this.rawImage = this.rawKey.encrypt(png, this.associated);
		System.out.printf("%nimage %d bytes after cleaning%n",
				this.documents.download(this.patient, this.image, null, () -> "Bench").readAll().length);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.portal.close();
	}

	@Benchmark
	public void downloadImage() throws java.io.IOException {
		this.documents.download(this.patient, this.image, null, () -> "Bench Patient")
			.sendTo(java.io.OutputStream.nullOutputStream());
	}

	@Benchmark
	public byte[] downloadStampedPdf() {
		return this.documents.download(this.patient, this.pdf, null, () -> "Bench Patient").readAll();
	}

	@Benchmark
	public byte[] rawAesGcmOpenImage() throws Exception {
		return this.rawKey.decrypt(this.rawImage, this.associated);
	}

}
