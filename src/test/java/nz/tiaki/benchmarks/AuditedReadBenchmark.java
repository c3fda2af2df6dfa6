package nz.tiaki.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
import nz.tiaki.patients.NewPatient;
import nz.tiaki.patients.Nhi;
import nz.tiaki.records.Category;
import nz.tiaki.records.Entry;
import nz.tiaki.records.EntryId;
import nz.tiaki.records.NewEntries;
import nz.tiaki.records.Records;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;
import nz.tiaki.support.Fixtures;
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
 * Audited reads of single record entries through the whole path (gate decision, audit
 * event committed, row read, vault open, FHIR parse) against the raw AES-GCM open of the
 * same sealed bytes in the same JVM. Run with
 * {@code scripts/benchmark AuditedRead -f 1 -wi 10 -i 3 -w 10s -r 10s -t 8}: the audited path
 * climbs for about 50 seconds while the JIT compiles it, and fewer warm-ups measure the climb.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AuditedReadBenchmark {

	static final int PATIENTS = 200;

	static final int RESULTS_EACH = 5;

	private ConfigurableApplicationContext portal;

	private Records records;

	private final List<PatientId> patients = new ArrayList<>();

	private final List<List<EntryId>> results = new ArrayList<>();

	private Aead rawKey;

	private byte[] rawCiphertext;

	private byte[] rawAssociated;

	@Setup(Level.Trial)
	public void seed() throws Exception {
		this.portal = BenchmarkPortal.start();
		this.records = this.portal.getBean(Records.class);
		Practices practices = this.portal.getBean(Practices.class);
		PracticeId practice = practices.create("Benchmark Practice");
		StaffMember doctor = practices.addStaff(practice, "Dr Bench", "bench@practice.example", StaffRole.DOCTOR);
		Subject clinician = new Subject(Subject.Kind.STAFF, doctor.id(), null);
		for (int i = 0; i < PATIENTS; i++) {
			PatientId patient = practices.registerPatient(Fixtures.REGISTRAR, practice,
					new NewPatient(Fixtures.uniqueNhi(), "Bench" + i, "Patient" + i, LocalDate.of(1970, 1, 1 + i % 28),
							null));
			List<EntryId> ids = new ArrayList<>();
			for (int r = 0; r < RESULTS_EACH; r++) {
				EntryId id = this.records.add(clinician, patient,
						NewEntries.build(Category.RESULT, "Glucose [Mass/volume] in Blood", "", "5." + r, "mmol/L", "3.5", "6.1"));
				this.records.release(clinician, id);
				ids.add(id);
			}
			this.patients.add(patient);
			this.accounts.add(UUID.randomUUID());
			this.results.add(ids);
		}
		Entry sample = this.records.get(self(0), this.results.get(0).get(0));
		byte[] json = ca.uhn.fhir.context.FhirContext.forR4Cached()
			.newJsonParser()
			.encodeResourceToString(sample.resource())
			.getBytes(StandardCharsets.UTF_8);
		AeadConfig.register();
		this.rawKey = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
			.getPrimitive(RegistryConfiguration.get(), Aead.class);
		this.rawAssociated = ("tiaki/v1/record/" + UUID.randomUUID() + "/" + UUID.randomUUID())
			.getBytes(StandardCharsets.UTF_8);
		this.rawCiphertext = this.rawKey.encrypt(json, this.rawAssociated);
	}

	@TearDown(Level.Trial)
	public void stop() {
		nz.tiaki.audit.AuditTrail audit = this.portal.getBean(nz.tiaki.audit.AuditTrail.class);
		long started = System.nanoTime();
		audit.sealNow();
		System.out.printf("%nsealing the backlog after the run took %d ms; %s%n", (System.nanoTime() - started) / 1_000_000,
				audit.verify(List.of()));
		this.portal.close();
	}

	private final List<UUID> accounts = new ArrayList<>();

	/**
	 * The patient as signed in: with an account, so the guard counts their reads as it does
	 * for every real request.
	 */
	private Subject self(int index) {
		return new Subject(Subject.Kind.PATIENT, this.patients.get(index).value(), this.accounts.get(index));
	}

	@Benchmark
	public Entry auditedRecordRead() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int patient = random.nextInt(PATIENTS);
		return this.records.get(self(patient), this.results.get(patient).get(random.nextInt(RESULTS_EACH)));
	}

	@Benchmark
	public byte[] rawAesGcmOpen() throws Exception {
		return this.rawKey.decrypt(this.rawCiphertext, this.rawAssociated);
	}

}
