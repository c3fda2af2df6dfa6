package nz.tiaki.guard;

import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import nz.tiaki.TiakiApplication;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentId;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.shared.database.EmbeddedDatabase;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.TestFiles;
import nz.tiaki.support.Visitor;
import nz.tiaki.support.Visitor.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two portal nodes on one database, one session alternating between them: the session
 * holds on both, and the read budget counts every request, whichever node served it. The
 * nodes share the test's clock, as real nodes share time by NTP.
 */
class TwoNodeBudgetTests extends PortalTest {

	@Autowired
	private EmbeddedDatabase database;

	@Autowired
	private Documents documents;

	private ConfigurableApplicationContext second;

	@AfterEach
	void stopSecondNode() {
		if (this.second != null) {
			this.second.close();
		}
	}

	@Test
	void aSessionAlternatingBetweenTwoNodesMeetsTheStepUpAtTheThirtyFirstDocument() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		String database = "jdbc:postgresql://localhost:" + this.database.port() + "/tiaki";
		this.second = new SpringApplicationBuilder(TiakiApplication.class)
			.initializers(context -> context.getBeanFactory().registerSingleton("sharedClock", this.clock))
			.run("--server.port=" + port,
				"--tiaki.db.url=" + database, "--tiaki.db.username=tiaki_app", "--tiaki.db.owner-username=postgres",
				"--tiaki.web.origin=" + ORIGIN,
				"--tiaki.vault.master-key-file=" + workDirectory().resolve("keys/master.json"),
				"--tiaki.audit.signing-key-file=" + workDirectory().resolve("keys/audit-signing.json"),
				"--tiaki.demo.enabled=false", "--tiaki.scanning.clamd=127.0.0.1:9", "--logging.level.root=warn");
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		DocumentId letter = this.documents.publish(Fixtures.staffSubject(doctor), new PatientId(patient.holderId()),
				DocumentKind.LETTER, "Letter", "letter.pdf", TestFiles.pdf("Dear patient"));
		Visitor first = signedIn(patient);
		Visitor other = first.at("http://localhost:" + port);
		assertThat(other.get("/patient").status()).as("the session is shared by both nodes").isEqualTo(200);
		String token = first.get("/patient/documents").csrf().orElseThrow();

		List<String> answers = new ArrayList<>();
		for (int request = 1; request <= 31; request++) {
			Visitor node = request % 2 == 0 ? other : first;
			Visitor.Binary answer = node.postForBytes("/patient/documents/" + letter + "/download", Map.of("_csrf", token));
			answers.add(answer.status() == 200 ? "delivered" : answer.redirect());
		}

		assertThat(answers.subList(0, 30)).allMatch("delivered"::equals);
		assertThat(answers.get(30)).isEqualTo("/account/confirm?budget");
	}

}
