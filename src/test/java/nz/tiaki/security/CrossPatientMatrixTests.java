package nz.tiaki.security;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentId;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.records.Category;
import nz.tiaki.records.EntryId;
import nz.tiaki.records.NewEntries;
import nz.tiaki.records.Records;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.web.RequestOrigin;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.TestFiles;
import nz.tiaki.support.Visitor;
import nz.tiaki.support.Visitor.Page;
import nz.tiaki.vault.ObservedVault;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The object-level authorisation matrix, generated from the portal's own route table: every
 * route that takes an id, tried by another patient, a doctor of another practice, a
 * receptionist of the victim's own practice, one of Tiaki's operators and an anonymous
 * visitor, with every id of the
 * victim's. The victim's clinical data (canary strings) never appears in any answer or
 * redirect, nor who the victim is except to the receptionist of their practice; no answer is
 * a server error; the victim's sealed values were never opened for anyone but that
 * receptionist's view of their details; and nothing of the victim's changed. The guard's
 * locks are lifted after every request, so that a session locked for its many refusals does
 * not hide what the gate itself would answer. A new route with an id is covered without
 * editing this test; a new kind of path variable makes it fail until it is given candidates
 * (OWASP API Security Top 10 API1 and API5; ASVS 5.0 V8.2.2; HIPAA 164.312(a)(1)).
 */
class CrossPatientMatrixTests extends PortalTest {

	private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

	private static final Set<Integer> REFUSALS = Set.of(302, 400, 403, 404, 405, 413);


	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping routes;

	@Autowired
	private Records records;

	@Autowired
	private Documents documents;

	@Autowired
	private nz.tiaki.apps.Apps apps;


	@Autowired
	private nz.tiaki.prescriptions.Prescriptions prescriptions;

	@Autowired
	private nz.tiaki.messaging.Messaging messaging;

	@Autowired
	private nz.tiaki.patients.ProxyArrangements proxies;


	@Test
	void noRouteReturnsAnotherPatientsDataToAnyoneElse() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		nz.tiaki.support.LogCapture logs = new nz.tiaki.support.LogCapture();
		String canary = "MatrixCanary" + System.nanoTime();
		String victimName = "Victimfamily" + System.nanoTime();
		Fixtures.TestAccount victim = this.fixtures.patientNamed(practice, "Victimgiven", victimName);
		PatientId victimId = new PatientId(victim.holderId());
		EntryId result = this.records.add(Fixtures.staffSubject(doctor), victimId,
				NewEntries.build(Category.RESULT, canary + " result", "", "9.9", "mmol/L", "1", "5"));
		this.records.release(Fixtures.staffSubject(doctor), result);
		EntryId note = this.records.add(Fixtures.staffSubject(doctor), victimId,
				NewEntries.build(Category.NOTE, canary + " note", canary + " note body", null, null, null, null));
		EntryId unreleased = this.records.add(Fixtures.staffSubject(doctor), victimId,
				NewEntries.build(Category.RESULT, canary + " pending", "", "1", "g/L", "", ""));
		this.records.add(Fixtures.staffSubject(doctor), victimId,
				NewEntries.build(Category.CONDITION, canary + " condition", "", null, null, null, null));
		DocumentId document = this.documents.publish(Fixtures.staffSubject(doctor), victimId, DocumentKind.LETTER,
				canary + " letter", canary + ".pdf", TestFiles.pdf(canary + " letter body"));
		Visitor victimSession = signedIn(victim);
		String victimSessionRef = RequestOrigin.digest(this.jdbc
			.sql("select session_id from spring_session where principal_name = :p")
			.param("p", victim.id().toString())
			.query(String.class)
			.single());
		String victimFactor = victimSession.get("/account/security")
			.body()
			.replaceAll("(?s).*action=\"/account/factors/([a-z]+-[^/\"]+)/remove\".*", "$1");

		String victimApp = this.apps.registerPatientApp("Victim's app", List.of(nz.tiaki.support.SmartApp.REDIRECT));
		new nz.tiaki.support.SmartApp(ORIGIN, victimApp).connect(victimSession, "launch/patient patient/*.rs");

		Map<String, Visitor> actors = new LinkedHashMap<>();
		actors.put("another patient", signedIn(this.fixtures.patient(practice)));
		actors.put("a doctor of another practice",
				signedIn(this.fixtures.staff(this.fixtures.practice(), StaffRole.DOCTOR)));
		actors.put("a receptionist of the practice", signedIn(this.fixtures.staff(practice, StaffRole.RECEPTIONIST)));
		actors.put("one of Tiaki's operators", signedIn(this.fixtures.operator()));
		actors.put("an anonymous visitor", visitor());

		Map<String, List<String>> candidates = new LinkedHashMap<>();
		var victimAppointment = this.fixtures.bookedAppointment(practice, doctor, victim);
		this.records.add(Fixtures.staffSubject(doctor), victimId,
				NewEntries.build(Category.MEDICATION, canary + " medicine", "daily", null, null, null, null));
		java.util.UUID victimRepeat = this.prescriptions.request(Fixtures.patientSubject(victim), victimId,
				List.of(this.prescriptions.medicines(Fixtures.patientSubject(victim), victimId).get(0).entryId()), "");
		java.util.UUID victimThread = this.messaging.start(Fixtures.patientSubject(victim), victimId, doctor.holderId(),
				canary + " subject", canary + " message body");
		Fixtures.TestAccount carer = this.fixtures.patient(practice);
		this.proxies.grant(Fixtures.patientSubject(victim), carer.username(),
				nz.tiaki.patients.ProxyArrangements.Level.APPOINTMENTS, null);
		java.util.UUID victimArrangement = this.proxies.given(Fixtures.patientSubject(victim)).get(0).id();
		List<String> objectIds = List.of(victimId.toString(), result.toString(), note.toString(),
				unreleased.toString(), document.toString(), victimAppointment.id().toString(), victimRepeat.toString(),
				victimThread.toString(), victimArrangement.toString());
		candidates.put("id", objectIds);
		candidates.put("entry", objectIds);
		candidates.put("ref", List.of(victimSessionRef, victimFactor));
		// a copy-of-data link's token is 32 random bytes; none is guessed, so one shaped like it stands in
		candidates.put("token", List.of(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32])));
		candidates.put("clientId", List.of(victimApp));
		candidates.put("link", List.of(victimArrangement.toString()));
		int entriesBefore = count("select count(*) from clinical_entry where patient_id = :p", victimId);
		int releasedBefore = count("select count(*) from clinical_entry where patient_id = :p and released_at is not null",
				victimId);
		int documentsBefore = count("select count(*) from document where patient_id = :p", victimId);
		int factorsBefore = this.jdbc.sql("select count(*) from totp_factor where account_id = :a")
			.param("a", victim.id().value())
			.query(Integer.class)
			.single();

		List<String> routesTried = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		int opensBefore = ObservedVault.opened(victimId, null);
		int identityOpensBefore = ObservedVault.opened(victimId, "identity");
		for (Map.Entry<RequestMappingInfo, ?> mapping : this.routes.getHandlerMethods().entrySet()) {
			RequestMappingInfo info = mapping.getKey();
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods().isEmpty()
					? Set.of(RequestMethod.GET) : info.getMethodsCondition().getMethods();
			for (String pattern : info.getPatternValues()) {
				if (!pattern.contains("{")) {
					continue;
				}
				for (String path : expand(pattern, candidates)) {
					for (RequestMethod method : methods) {
						routesTried.add(method + " " + pattern);
						for (Map.Entry<String, Visitor> actor : actors.entrySet()) {
							Page page = request(actor.getValue(), method, path);
							this.jdbc.sql("delete from guard_lock").update();
							String what = actor.getKey() + " " + method + " " + path;
							if (page.body().contains(canary) || (page.location() != null && page.location().contains(canary))) {
								problems.add(what + " returned the victim's data");
							}
							boolean receptionist = actor.getKey().startsWith("a receptionist");
							if (!receptionist && (page.body().contains(victimName) || page.body().contains(victim.username()))) {
								problems.add(what + " revealed who the victim is");
							}
							if (!REFUSALS.contains(page.status()) && page.status() != 200) {
								problems.add(what + " answered " + page.status());
							}
						}
					}
				}
			}
		}

		assertThat(problems).isEmpty();
		logs.close();
		assertThat(logs.size()).as("the log was listened to").isPositive();
		assertThat(logs.linesContaining(canary, victimName, victim.username()))
			.as("no log line carries the victim's data").isEmpty();
		assertThat(this.apps.connected(victim.id())).as("the victim's connected app").hasSize(1);
		assertThat(this.jdbc.sql("select count(*) from proxy_grant where id = :id and revoked_at is null")
			.param("id", victimArrangement)
			.query(Integer.class)
			.single()).as("the victim's proxy arrangement still stands").isEqualTo(1);
		assertThat(this.jdbc.sql("select count(*) from message where thread_id = :id")
			.param("id", victimThread)
			.query(Integer.class)
			.single()).as("nothing written into the victim's conversation").isEqualTo(1);
		assertThat(this.jdbc.sql("select status from repeat_request where id = :id")
			.param("id", victimRepeat)
			.query(String.class)
			.single()).as("the victim's repeat request, unanswered").isEqualTo("REQUESTED");
		assertThat(new TreeSet<>(routesTried)).as("the routes tried")
			.contains("GET /patient/results/{id}", "POST /patient/documents/{id}/download", "POST /practice/documents/{id}/download",
					"POST /patient/appointments/{id}/cancel", "POST /practice/appointments/{id}/cancel",
					"POST /practice/repeats/{id}/decide", "GET /patient/messages/{id}", "GET /practice/messages/{id}",
					"POST /patient/proxies/{id}/end",
					"POST /practice/messages/{id}/reply", "POST /practice/messages/{id}/close",
					"GET /practice/patients/{id}", "POST /practice/entries/{entry}/release");
		assertThat(ObservedVault.opened(victimId, null) - opensBefore)
			.as("sealed values of the victim opened for others: only the receptionist's view of their details")
			.isEqualTo(ObservedVault.opened(victimId, "identity") - identityOpensBefore);
		assertThat(count("select count(*) from clinical_entry where patient_id = :p", victimId)).isEqualTo(entriesBefore);
		assertThat(count("select count(*) from clinical_entry where patient_id = :p and released_at is not null", victimId))
			.isEqualTo(releasedBefore);
		assertThat(count("select count(*) from document where patient_id = :p", victimId)).isEqualTo(documentsBefore);
		assertThat(this.jdbc.sql("select count(*) from totp_factor where account_id = :a")
			.param("a", victim.id().value())
			.query(Integer.class)
			.single()).isEqualTo(factorsBefore);
		assertThat(victimSession.get("/patient").status()).as("the victim's session still stands").isEqualTo(200);
		assertThat(this.jdbc.sql("""
				select count(*) from audit_event where decision = 'ALLOW' and object_ref = 'download:' || :d
				""").param("d", document.toString()).query(Integer.class).single())
			.as("the victim's document was handed to no one").isZero();
	}

	private int count(String sql, PatientId patient) {
		return this.jdbc.sql(sql).param("p", patient.value()).query(Integer.class).single();
	}

	private static List<String> expand(String pattern, Map<String, List<String>> candidates) {
		List<String> paths = new ArrayList<>(List.of(pattern));
		Matcher matcher = VARIABLE.matcher(pattern);
		while (matcher.find()) {
			String name = matcher.group(1).split(":")[0];
			List<String> values = candidates.get(name);
			if (values == null) {
				fail("Route " + pattern + " has a path variable '" + name
						+ "' this matrix has no candidates for: add the victim's ids for it");
			}
			List<String> next = new ArrayList<>();
			for (String path : paths) {
				for (String value : values) {
					next.add(path.replaceFirst("\\{" + Pattern.quote(matcher.group(1)) + "}", value));
				}
			}
			paths = next;
		}
		return paths;
	}

	private static Page request(Visitor visitor, RequestMethod method, String path) {
		if (method == RequestMethod.GET) {
			return visitor.get(path);
		}
		String token = visitor.get("/").csrf().orElseGet(() -> visitor.get("/signin").csrf().orElse(""));
		return visitor.send(HttpRequest.newBuilder(visitor.uri(path))
			.method(method.name(), HttpRequest.BodyPublishers.ofString("_csrf=" + token + "&patient=x&reason=x"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html"));
	}

}
