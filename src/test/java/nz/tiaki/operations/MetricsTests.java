package nz.tiaki.operations;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.TestFiles;
import nz.tiaki.support.Visitor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus metrics: request latency, gate decisions by action and outcome, the audit
 * chain's lag and the outbox's depth, readable by the node's own scraper only, and never
 * naming a person, a patient or a record (ASVS 5.0 V16.2; HIPAA 164.312(b)).
 */
class MetricsTests extends PortalTest {

	@Autowired
	private Documents documents;

	@Test
	void theScraperSeesDecisionsLagAndDepthButNoOneInThem() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount patient = this.fixtures.patientNamed(practice, "Metricmaia", "Metricsurname");
		this.documents.publish(Fixtures.staffSubject(doctor), new PatientId(patient.holderId()), DocumentKind.LETTER,
				"Metric letter", "letter.pdf", TestFiles.pdf("Dear patient"));
		Visitor browser = signedIn(patient);
		assertThat(browser.get("/patient/documents").status()).isEqualTo(200);

		Visitor scraper = new Visitor(ORIGIN.replace("localhost", "127.0.0.1"));
		Visitor.Page metrics = scraper.send(java.net.http.HttpRequest.newBuilder(scraper.uri("/actuator/prometheus"))
			.GET()
			.header("Accept", "text/plain"));

		assertThat(metrics.status()).isEqualTo(200);
		assertThat(metrics.body()).contains("tiaki_gate_decisions_total{action=\"READ_DOCUMENT\",decision=\"allow\"}")
			.contains("tiaki_audit_unsealed ")
			.contains("tiaki_audit_unsettled ")
			.contains("tiaki_outbox_pending ")
			.contains("http_server_requests_seconds_count{");
		assertThat(metrics.body()).doesNotContain(patient.holderId().toString(), patient.id().toString(),
				patient.username(), "Metricmaia", "Metricsurname", "Metric letter");
	}

	@Test
	void anyoneElseIsRefused() throws IOException {
		// the same request from the balancer for a client on this machine is served...
		assertThat(rawGet("/actuator/prometheus", "127.0.0.1")).startsWith("HTTP/1.1 200")
			.contains("tiaki_outbox_pending");
		// ...and for a client anywhere else is not
		String answer = rawGet("/actuator/prometheus", "203.0.113.9");
		assertThat(answer).doesNotStartWith("HTTP/1.1 200").doesNotContain("tiaki_outbox_pending");
	}

	/** A request arriving through the trusted proxy's address, for the client named. */
	private static String rawGet(String path, String forwardedFor) throws IOException {
		try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), PORT, InetAddress.getByName("127.0.0.3"), 0)) {
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + PORT + "\r\nAccept: text/plain\r\nX-Forwarded-For: "
					+ forwardedFor + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
