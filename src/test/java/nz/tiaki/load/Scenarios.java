package nz.tiaki.load;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

import ca.uhn.fhir.context.FhirContext;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.Multipart;
import nz.tiaki.support.SmartApp;
import nz.tiaki.support.TestFiles;
import nz.tiaki.support.Visitor;
import nz.tiaki.support.Visitor.Page;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The harness's scenarios. Each virtual user is one person (or one system) with a
 * connection of its own: it sets up once (signs in, gets a token), then repeats its
 * iteration back to back, with no pause between requests (unless a think time is given),
 * so the figures are those of a busy portal, not an idle one. A response other than the one a real client expects
 * counts as an error.
 */
final class Scenarios {

	private Scenarios() {
	}

	/** One simulated person or system. */
	interface VirtualUser {

		/** Signs in, or obtains a token; timed into the set-up figures. */
		void setUp(Measurements measurements);

		/** One round of the scenario's work. */
		void iterate(Measurements measurements);

	}

	/** A scenario: a name, and how to make its {@code index}th user. */
	record Scenario(String name, String description, java.util.function.IntFunction<VirtualUser> user) {
	}

	static Scenario patients(String origin, Population population) {
		return new Scenario("patient", "a patient's session: signs in with password and authenticator code once, "
				+ "then repeats: summary, results list, one result, documents list, one download (the form posted, the file in the answer)",
				(index) -> new PatientUser(origin, population.webPatients.get(index % population.webPatients.size()),
						population.clock));
	}

	static Scenario clinicians(String origin, Population population) {
		return new Scenario("clinician", "a doctor's session: signs in once, then repeats: practice home "
				+ "(patient list), one of the practice's patients' records, publish a one-page PDF letter to them",
				(index) -> new ClinicianUser(origin, population.practices.get(index % population.practices.size()),
						population.clock));
	}

	static Scenario fhirApps(String origin, Population population) {
		return new Scenario("fhir-app", "a patient's app: the patient signs in and approves the app once "
				+ "(SMART authorisation code with PKCE), then the app repeats: read Patient, search Observation, "
				+ "search DocumentReference",
				(index) -> new AppUser(origin, population.patientAppClientId,
						population.appPatients.get(index % population.appPatients.size()), population.clock));
	}

	static Scenario practiceSystems(String origin, Population population) {
		return new Scenario("pms-import", "a practice management system: a client-credentials token "
				+ "(private_key_jwt) once, then repeats: one transaction bundle importing a new patient with a "
				+ "result, a condition and a PDF letter",
				(index) -> new PracticeSystemUser(origin, population.practices.get(index % population.practices.size())));
	}

	/**
	 * How long a person pauses after each answer before the next request, on average (each
	 * pause is drawn between half and one and a half times this); zero for back-to-back
	 * requests. Set from {@code --think}.
	 */
	static volatile long thinkMillis;

	/** Times one request; a response the check refuses counts as an error. */
	static <T> T timed(Measurements measurements, String operation, Supplier<T> call, Predicate<T> expected) {
		think();
		long started = System.nanoTime();
		T answer;
		try {
			answer = call.get();
		}
		catch (RuntimeException ex) {
			measurements.failed(operation, ex.getClass().getSimpleName());
			throw new Failed(operation, ex);
		}
		if (!expected.test(answer)) {
			measurements.failed(operation, describe(answer));
			throw new Failed(operation, null);
		}
		measurements.succeeded(operation, started);
		return answer;
	}

	private static void think() {
		long mean = thinkMillis;
		if (mean > 0) {
			// a person reading the page: a pause for its own sake, not a wait for anything
			try {
				Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(mean / 2, mean * 3 / 2 + 1));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static String describe(Object answer) {
		if (answer instanceof Page page) {
			return "HTTP " + page.status() + (page.redirect() != null ? " to " + page.redirect().replaceAll("[?/][^?/]*$", "") : "");
		}
		if (answer instanceof Visitor.Binary file) {
			return "HTTP " + file.status() + " (download)";
		}
		if (answer instanceof SmartApp.Tokens tokens) {
			return "HTTP " + tokens.status() + " (token)";
		}
		return "unexpected answer";
	}

	static boolean ok(Page page) {
		return page.status() == 200;
	}

	/** An iteration stopped at an unexpected answer (already counted as an error). */
	static final class Failed extends RuntimeException {

		Failed(String operation, Throwable cause) {
			super(operation + " did not answer as expected", cause, false, false);
		}

	}

	private static void signIn(Measurements measurements, Visitor visitor, Fixtures.TestAccount account,
			java.time.Clock clock) {
		timed(measurements, "sign in: password", () -> visitor.signIn(account.username(), account.password()),
				(page) -> "/signin/factor".equals(page.redirect()));
		timed(measurements, "sign in: authenticator code",
				() -> visitor.secondFactor(account.codeAt(clock)),
				(page) -> page.status() == 302 && !page.redirect().startsWith("/signin"));
	}

	/** Someone who uses the pages: signs in once with password and authenticator code. */
	private abstract static class SignedInUser implements VirtualUser {

		final Visitor visitor;

		private final Fixtures.TestAccount account;

		private final java.time.Clock clock;

		String csrf;

		SignedInUser(String origin, Fixtures.TestAccount account, java.time.Clock clock) {
			this.visitor = new Visitor(origin);
			this.account = account;
			this.clock = clock;
		}

		@Override
		public void setUp(Measurements measurements) {
			signIn(measurements, this.visitor, this.account, this.clock);
		}

	}

	private static final class PatientUser extends SignedInUser {

		private final Population.Patient patient;

		PatientUser(String origin, Population.Patient patient, java.time.Clock clock) {
			super(origin, patient.account(), clock);
			this.patient = patient;
		}

		@Override
		public void iterate(Measurements measurements) {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			timed(measurements, "summary page", () -> this.visitor.get("/patient"), Scenarios::ok);
			timed(measurements, "results list", () -> this.visitor.get("/patient/results"), Scenarios::ok);
			String result = this.patient.results().get(random.nextInt(this.patient.results().size())).toString();
			timed(measurements, "one result", () -> this.visitor.get("/patient/results/" + result), Scenarios::ok);
			Page documents = timed(measurements, "documents list", () -> this.visitor.get("/patient/documents"),
					Scenarios::ok);
			if (this.csrf == null) {
				this.csrf = documents.csrf().orElseThrow();
			}
			String document = this.patient.documents().get(random.nextInt(this.patient.documents().size())).toString();
			timed(measurements, "download",
					() -> this.visitor.postForBytes("/patient/documents/" + document + "/download",
							java.util.Map.of("_csrf", this.csrf)),
					(file) -> file.status() == 200 && file.body().length > 0);
		}

	}

	private static final class ClinicianUser extends SignedInUser {

		private final Population.Practice practice;

		private final byte[] letter = TestFiles.pdf("Please book a follow-up visit in three months.");

		ClinicianUser(String origin, Population.Practice practice, java.time.Clock clock) {
			super(origin, practice.doctor(), clock);
			this.practice = practice;
		}

		@Override
		public void iterate(Measurements measurements) {
			List<PatientId> patients = this.practice.patients();
			PatientId patient = patients.get(ThreadLocalRandom.current().nextInt(patients.size()));
			timed(measurements, "practice home", () -> this.visitor.get("/practice"), Scenarios::ok);
			Page record = timed(measurements, "patient's record",
					() -> this.visitor.get("/practice/patients/" + patient.value()), Scenarios::ok);
			if (this.csrf == null) {
				this.csrf = record.csrf().orElseThrow();
			}
			timed(measurements, "publish a letter",
					() -> this.visitor.send(new Multipart().field("title", "Follow-up letter")
						.field("kind", "LETTER")
						.file("file", "follow-up.pdf", "application/pdf", this.letter)
						.post(this.visitor, "/practice/patients/" + patient.value() + "/documents", this.csrf,
								"text/html")),
					(page) -> page.status() == 302 && page.redirect().endsWith("?published"));
		}

	}

	private static final class AppUser implements VirtualUser {

		private final Visitor browser;

		private final SmartApp app;

		private final Population.Patient patient;

		private final Visitor api;

		private String token;

		private final java.time.Clock clock;

		AppUser(String origin, String clientId, Population.Patient patient, java.time.Clock clock) {
			this.clock = clock;
			this.browser = new Visitor(origin);
			this.api = new Visitor(origin);
			this.app = new SmartApp(origin, clientId);
			this.patient = patient;
		}

		@Override
		public void setUp(Measurements measurements) {
			signIn(measurements, this.browser, this.patient.account(), this.clock);
			this.token = timed(measurements, "app authorised (authorise, consent, token)",
					() -> this.app.connect(this.browser, "openid fhirUser launch/patient patient/*.rs"),
					(tokens) -> tokens.status() == 200)
				.accessToken();
		}

		private Page fhir(String path) {
			return this.api.send(HttpRequest.newBuilder(this.api.uri("/fhir/" + path))
				.GET()
				.header("Authorization", "Bearer " + this.token)
				.header("Accept", "application/fhir+json"));
		}

		@Override
		public void iterate(Measurements measurements) {
			String id = this.patient.id().value().toString();
			timed(measurements, "read Patient", () -> fhir("Patient/" + id), Scenarios::ok);
			timed(measurements, "search Observation", () -> fhir("Observation?patient=" + id + "&_count=20"),
					(page) -> ok(page) && page.body().contains("\"Observation\""));
			timed(measurements, "search DocumentReference", () -> fhir("DocumentReference?patient=" + id),
					(page) -> ok(page) && page.body().contains("\"DocumentReference\""));
		}

	}

	private static final class PracticeSystemUser implements VirtualUser {

		private static final FhirContext R4 = FhirContext.forR4Cached();

		private static final String NHI_SYSTEM = "https://standards.digital.health.nz/ns/nhi-id";

		private final SmartApp system;

		private final Population.Practice practice;

		private final Visitor api;

		private final byte[] letter = TestFiles.pdf("Discharged home; see your doctor in a week.");

		private String token;

		PracticeSystemUser(String origin, Population.Practice practice) {
			this.system = new SmartApp(origin, practice.systemClientId());
			this.api = new Visitor(origin);
			this.practice = practice;
		}

		@Override
		public void setUp(Measurements measurements) {
			this.token = timed(measurements, "system token (private_key_jwt)",
					() -> this.system.systemToken(this.practice.systemKey(), "system/*.rs system/*.cu"),
					(tokens) -> tokens.status() == 200)
				.accessToken();
		}

		@Override
		public void iterate(Measurements measurements) {
			String bundle = R4.newJsonParser().encodeResourceToString(importBundle(Fixtures.uniqueNhi().value()));
			timed(measurements, "import transaction (4 resources)",
					() -> this.api.send(HttpRequest.newBuilder(this.api.uri("/fhir"))
						.POST(HttpRequest.BodyPublishers.ofString(bundle))
						.header("Authorization", "Bearer " + this.token)
						.header("Content-Type", "application/fhir+json")
						.header("Accept", "application/fhir+json")),
					(page) -> ok(page) && page.body().contains("201 Created"));
		}

		private Bundle importBundle(String nhi) {
			Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
			org.hl7.fhir.r4.model.Patient patient = new org.hl7.fhir.r4.model.Patient();
			patient.addIdentifier().setSystem(NHI_SYSTEM).setValue(nhi);
			patient.addName().setFamily("Loadfamily").addGiven("Loadgiven");
			patient.setBirthDateElement(new DateType("1984-02-03"));
			String who = entry(bundle, patient);
			Observation result = new Observation();
			result.setStatus(Observation.ObservationStatus.FINAL);
			result.setCode(new CodeableConcept(new Coding("http://loinc.org", "2823-3", "Potassium")).setText("Potassium"));
			result.setSubject(new Reference(who));
			result.setValue(new Quantity().setValue(4.2).setUnit("mmol/L"));
			entry(bundle, result);
			Condition condition = new Condition();
			condition.setCode(new CodeableConcept().setText("Asthma"));
			condition.setSubject(new Reference(who));
			condition.setClinicalStatus(new CodeableConcept(
					new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active")));
			entry(bundle, condition);
			DocumentReference letter = new DocumentReference();
			letter.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
			letter.setType(new CodeableConcept().setText("Discharge summary"));
			letter.setSubject(new Reference(who));
			letter.addContent().getAttachment().setContentType("application/pdf").setTitle("discharge.pdf")
				.setData(this.letter);
			entry(bundle, letter);
			return bundle;
		}

		private static String entry(Bundle bundle, Resource resource) {
			String fullUrl = "urn:uuid:" + UUID.randomUUID();
			bundle.addEntry()
				.setFullUrl(fullUrl)
				.setResource(resource)
				.setRequest(new Bundle.BundleEntryRequestComponent().setMethod(Bundle.HTTPVerb.POST)
					.setUrl(resource.fhirType()));
			return fullUrl;
		}

	}

}
