package nz.tiaki.incidents;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentId;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.guard.Guard;
import nz.tiaki.identity.Accounts;
import nz.tiaki.notifications.Outbox;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.TestFiles;
import nz.tiaki.support.TestMailServer;
import nz.tiaki.support.TrustedProxy;
import nz.tiaki.support.Visitor;
import nz.tiaki.support.Visitor.Page;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator console: Tiaki's operators see every practice's alerts with the audit slice
 * behind each, scope an incident from the audit, contain it in one action and issue the
 * notices — only operators, only from the operators' addresses, containing and notifying
 * only after a fresh second factor; operators are no subject of the gate, so no record opens
 * for them (ASVS 5.0 V8.2.1 function-level access, V8.4.2 administrative interfaces
 * restricted by network, V6.8 step-up for sensitive actions; HIPAA 164.308(a)(6) incident
 * procedures).
 */
class OperatorConsoleTests extends PortalTest {

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")
		.withZone(ZoneId.of("Pacific/Auckland"));

	private static final Pattern ALERT_LINK = Pattern.compile("href=\"/operator/alerts/([0-9a-f-]{36})\"");

	@Autowired
	private Documents documents;

	@Autowired
	private Guard guard;

	@Autowired
	private Incidents incidents;

	@Autowired
	private Operators operators;

	@Autowired
	private Accounts accounts;

	@Autowired
	private ApplicationContext context;

	private int events(String type, Fixtures.TestAccount by) {
		return this.jdbc.sql("select count(*) from audit_event where event_type = :t and account_id = :a")
			.param("t", type)
			.param("a", by.id().value())
			.query(Integer.class)
			.single();
	}

	private String scopeLink(Fixtures.TestAccount suspect) {
		Instant now = this.clock.instant();
		return "/operator/incidents/scope?accounts=" + suspect.id().value() + "&sessions=&addresses=&from="
				+ LOCAL.format(now.minus(Duration.ofHours(1))) + "&to=" + LOCAL.format(now.plus(Duration.ofHours(1)));
	}

	@Test
	void onlyOperatorsSignedInFullyFromTheOperatorsAddressesReachTheConsole() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		Fixtures.TestAccount operator = this.fixtures.operator();
		String scope = scopeLink(patient);

		assertThat(signedIn(patient).get(scope).status()).as("a patient").isEqualTo(403);
		assertThat(signedIn(practice.admin()).get("/operator").status()).as("a practice's privacy officer")
			.isEqualTo(403);
		Visitor halfway = visitor();
		halfway.signIn(operator.username(), operator.password());
		assertThat(halfway.get(scope).redirect()).as("an operator who still owes the second factor")
			.isEqualTo("/signin/factor");
		try (TrustedProxy proxy = new TrustedProxy(PORT)) {
			Visitor elsewhere = signedIn(operator, new Visitor(proxy.origin()).from("203.0.113.7"));
			assertThat(elsewhere.get("/operator").status()).as("an operator from an address not named for operators")
				.isEqualTo(403);
			assertThat(elsewhere.get(scope).status()).isEqualTo(403);
		}
		assertThat(events("INCIDENT_SCOPED", operator)).as("no refused request reached the console").isZero();

		Visitor console = signedIn(operator);
		assertThat(console.get("/operator").body()).contains("Operator console");
		assertThat(console.get(scope).status()).isEqualTo(200);
		assertThat(events("INCIDENT_SCOPED", operator)).isOne();
		assertThat(this.accounts.subjectOf(operator.id())).as("an operator is no subject of the gate").isEmpty();
		assertThat(console.get("/patient").status()).as("nor a patient").isEqualTo(403);
		assertThat(console.get("/practice").status()).as("nor staff").isEqualTo(403);

		assertThat(this.operators.remove(operator.holderId(), "test")).isTrue();
		assertThat(console.get("/operator").redirect()).as("a removed operator's sessions end").isEqualTo("/signin");
		assertThat(visitor().signIn(operator.username(), operator.password()).redirect()).isEqualTo("/signin?error");
	}

	@Test
	void everyPracticesAlertsAreListedWithTheAuditSliceBehindEach() {
		Fixtures.TestPractice one = this.fixtures.practice();
		Fixtures.TestPractice other = this.fixtures.practice();
		String[] ids = new String[2];
		int i = 0;
		for (Fixtures.TestPractice practice : new Fixtures.TestPractice[] { one, other }) {
			Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
			Fixtures.TestAccount bait = this.fixtures.patient(practice);
			this.guard.plantCanary("PATIENT", bait.holderId().toString());
			assertThat(signedIn(doctor).get("/practice/patients/" + bait.holderId()).redirect())
				.isEqualTo("/signin?locked");
			ids[i++] = doctor.id().value().toString();
		}
		Visitor console = signedIn(this.fixtures.operator());

		Page home = console.get("/operator");
		assertThat(home.body()).contains(this.jdbc.sql("select name from practice where id = :id")
			.param("id", one.id().value())
			.query(String.class)
			.single())
			.contains(this.jdbc.sql("select name from practice where id = :id")
				.param("id", other.id().value())
				.query(String.class)
				.single());
		Matcher link = ALERT_LINK.matcher(home.body());
		assertThat(link.find()).isTrue();
		Page alert = console.get("/operator/alerts/" + link.group(1));
		assertThat(alert.body()).contains("A canary record").contains("Refused").contains("guard-canary")
			.contains("Start an incident from this alert");
		assertThat(console.get("/operator/alerts/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
		assertThat(console.get("/operator/alerts/not-an-id").status()).isEqualTo(404);
	}

	@Test
	void anOperatorScopesContainsAndNotifiesAfterAFreshSecondFactor() throws Exception {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		DocumentId letter = this.documents.publish(Fixtures.staffSubject(doctor), new PatientId(patient.holderId()),
				DocumentKind.LETTER, "Letter", "l.pdf", TestFiles.pdf("private"));
		Visitor stolen = signedIn(doctor);
		assertThat(stolen.download("/practice", "/practice/documents/" + letter + "/download").status()).isEqualTo(200);
		Fixtures.TestAccount operator = this.fixtures.operator();
		Visitor console = signedIn(operator);
		String scope = scopeLink(doctor);

		Page found = console.get(scope);
		Exposure expected = this.incidents.scope(new Scope(Set.of(doctor.id().value()), Set.of(), Set.of(),
				this.clock.instant().minus(Duration.ofHours(1)), this.clock.instant().plus(Duration.ofHours(1))));
		assertThat(expected.documentsReceived()).containsExactly(letter.value());
		assertThat(found.body()).contains("What was exposed")
			.contains("<dd class=\"result-value\">" + expected.patients().size() + "</dd>")
			.contains("<dd class=\"result-value\">1</dd>");

		this.clock.advance(Duration.ofMinutes(6));
		Page notFresh = console.submit(scope, "/operator/incidents/contain", Map.of("accounts",
				doctor.id().value().toString(), "sessions", "", "addresses", "", "from",
				scope.replaceAll(".*from=([^&]+).*", "$1"), "to", scope.replaceAll(".*to=([^&]+).*", "$1")));
		assertThat(notFresh.redirect()).as("six minutes after the last second factor").isEqualTo("/account/confirm");
		assertThat(stolen.get("/practice").status()).as("nothing was contained yet").isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(30));
		Page confirmed = console.submit("/account/confirm", "/account/confirm", Map.of("code", operator.codeAt(this.clock)));
		assertThat(confirmed.redirect()).as("back to the incident").startsWith("/operator/incidents/scope?accounts=");

		Map<String, String> fields = Map.of("accounts", doctor.id().value().toString(), "sessions", "", "addresses", "",
				"from", scope.replaceAll(".*from=([^&]+).*", "$1"), "to", scope.replaceAll(".*to=([^&]+).*", "$1"));
		Page contained = console.submit(scope, "/operator/incidents/contain", fields);
		assertThat(contained.body()).contains("The incident is contained").contains("1</span> accounts locked");
		assertThat(stolen.get("/practice").redirect()).as("the stolen session is over").startsWith("/signin");
		assertThat(visitor().signIn(doctor.username(), doctor.password()).redirect()).isEqualTo("/signin?error");
		assertThat(events("INCIDENT_CONTAINED", operator)).isOne();

		Map<String, String> vague = new java.util.HashMap<>(fields);
		vague.put("title", "oops");
		assertThat(console.submit(scope, "/operator/incidents/notices", vague).body())
			.contains("Say what happened in one plain sentence");
		Map<String, String> titled = new java.util.HashMap<>(fields);
		titled.put("title", "A staff account was used from a computer that was not the practice's");
		Page issued = console.submit(scope, "/operator/incidents/notices", titled);
		assertThat(issued.body()).contains("The notices are issued")
			.contains(expected.patients().size() + "</span> patients will get a letter")
			.contains("How many people are affected: " + expected.patients().size())
			.doesNotContain("Given");
		Outbox.deliverNow(this.context);
		assertThat(TestMailServer.receivedBy(patient.username())).extracting(m -> m.getSubject())
			.contains("About your health information in Tiaki");
	}

	@Test
	void aScopeThatCannotBeReadIsExplainedAndNothingRuns() {
		Visitor console = signedIn(this.fixtures.operator());
		Page page = console.get("/operator/incidents/scope?accounts=nobody&sessions=&addresses=203.0.113.999&from=yesterday&to=");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("There is a problem")
			.contains("&quot;nobody&quot; is not an account id")
			.contains("is not an address or a range")
			.contains("Give the start of the window")
			.doesNotContain("What was exposed");
	}

}
