package nz.tiaki.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.RSAKey;
import nz.tiaki.apps.Apps;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentId;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.records.Category;
import nz.tiaki.records.EntryId;
import nz.tiaki.records.NewEntries;
import nz.tiaki.records.Records;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.SmartApp;
import nz.tiaki.support.TestFiles;

import org.springframework.context.ApplicationContext;

/**
 * The people a load run acts as, made through the portal's own facades: practices with a
 * doctor, patients with accounts, an authenticator app, released results and published
 * documents, a registered patient app and a practice system per practice. All synthetic.
 */
final class Population {

	static final int RESULTS_EACH = 5;

	final List<Practice> practices = new ArrayList<>();

	final List<Patient> webPatients = new ArrayList<>();

	final List<Patient> appPatients = new ArrayList<>();

	String patientAppClientId;

	/** The portal's clock, which the people's authenticator apps read too. */
	java.time.Clock clock;

	private Population() {
	}

	/**
	 * @param fixtures fixtures over the running portal
	 * @param webPatients patients who use the pages
	 * @param appPatients patients who use an app over FHIR (each signs in once, so they are
	 * other people than the first)
	 * @param clock the portal's clock, moved on past the codes used in enrolling
	 * @param patientsPerPractice how many patients each practice has
	 */
	static Population seed(ApplicationContext portal, Fixtures fixtures, nz.tiaki.support.MutableClock clock,
			int webPatients, int appPatients, int patientsPerPractice, Progress progress) {
		Population population = new Population();
		population.clock = clock;
		Records records = portal.getBean(Records.class);
		Documents documents = portal.getBean(Documents.class);
		Apps apps = portal.getBean(Apps.class);
		byte[] letter = TestFiles.pdf("Your results are back and look as expected.");
		byte[] scan = TestFiles.noisePng(160);
		int total = webPatients + appPatients;
		AtomicInteger made = new AtomicInteger();
		Practice practice = null;
		for (int i = 0; i < total; i++) {
			if (i % patientsPerPractice == 0) {
				practice = newPractice(fixtures, apps, population.practices.size());
				population.practices.add(practice);
			}
			Fixtures.TestAccount account = fixtures.patient(practice.fixture());
			PatientId patient = new PatientId(account.holderId());
			nz.tiaki.access.Subject doctor = Fixtures.staffSubject(practice.doctor());
			List<EntryId> results = new ArrayList<>();
			for (int r = 0; r < RESULTS_EACH; r++) {
				EntryId id = records.add(doctor, patient, NewEntries.build(Category.RESULT,
						"Glucose [Mass/volume] in Blood", "", "5." + r, "mmol/L", "3.5", "6.1"));
				records.release(doctor, id);
				results.add(id);
			}
			List<DocumentId> published = List.of(
					whenScannerIsUp(() -> documents.publish(doctor, patient, DocumentKind.LETTER, "Results letter",
							"letter.pdf", letter)),
					documents.publish(doctor, patient, DocumentKind.OTHER, "Skin photo", "photo.png", scan));
			Patient seeded = new Patient(account, patient, practice, results, published);
			(i < webPatients ? population.webPatients : population.appPatients).add(seeded);
			practice.patients().add(patient);
			progress.step("patients", made.incrementAndGet(), total);
		}
		population.patientAppClientId = apps.registerPatientApp("Load test health app", List.of(SmartApp.REDIRECT));
		// each authenticator code works once, and enrolling used the current one
		clock.advance(java.time.Duration.ofSeconds(30));
		return population;
	}

	/** The portal's own virus scanner may still be starting when seeding begins. */
	private static <T> T whenScannerIsUp(java.util.concurrent.Callable<T> publish) {
		return org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(60))
			.pollInterval(java.time.Duration.ofMillis(250))
			.ignoreException(nz.tiaki.documents.ScannerUnavailable.class)
			.until(publish, (id) -> id != null);
	}

	private static Practice newPractice(Fixtures fixtures, Apps apps, int index) {
		Fixtures.TestPractice practice = fixtures.practice();
		Fixtures.TestAccount doctor = fixtures.staff(practice, StaffRole.DOCTOR);
		RSAKey key = SmartApp.newKey();
		String system = apps.registerPracticeSystem(practice.id(), "Load test PMS " + index,
				key.toPublicJWK().toJSONString());
		return new Practice(practice, doctor, system, key, new ArrayList<>());
	}

	record Practice(Fixtures.TestPractice fixture, Fixtures.TestAccount doctor, String systemClientId, RSAKey systemKey,
			List<PatientId> patients) {
	}

	record Patient(Fixtures.TestAccount account, PatientId id, Practice practice, List<EntryId> results,
			List<DocumentId> documents) {
	}

	/** Where seeding has got to, for people watching. */
	interface Progress {

		void step(String what, int done, int of);

	}

}
