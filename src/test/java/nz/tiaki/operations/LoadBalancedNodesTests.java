package nz.tiaki.operations;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import nz.tiaki.TiakiApplication;
import nz.tiaki.audit.AuditTrail;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.documents.DocumentId;
import nz.tiaki.documents.DocumentKind;
import nz.tiaki.documents.Documents;
import nz.tiaki.notifications.Outbox;
import nz.tiaki.shared.database.EmbeddedDatabase;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.TestFiles;
import nz.tiaki.support.TestMailServer;
import nz.tiaki.support.Visitor;
import nz.tiaki.support.Visitor.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two portal nodes on one PostgreSQL behind nginx (Debian's), as production runs them:
 * requests alternate between the nodes and a session holds on both; the read budget counts
 * across them; the client's own address, not the balancer's, is what throttles and the
 * audit see, and a client reaching a node directly cannot choose its address; scheduled
 * delivery sends each e-mail once when both nodes run it at the same moment; the audit
 * chain stays single and verifies (ASVS 5.0 V7.3 sessions, V16.2 audit; HIPAA
 * 164.312(b)).
 */
class LoadBalancedNodesTests extends PortalTest {

	/** nginx connects to the nodes from this loopback address: the one trusted proxy. */
	static final String BALANCER_ADDRESS = "127.0.0.3";

	@Autowired
	private EmbeddedDatabase database;

	@Autowired
	private Documents documents;

	@Autowired
	private AuditTrail audit;

	@Autowired
	private ApplicationContext firstNode;

	private ConfigurableApplicationContext secondNode;

	private Process nginx;

	private Path nginxDirectory;

	private String balancer;

	private int secondPort;

	@BeforeEach
	void twoNodesBehindNginx() throws Exception {
		this.secondPort = freePort();
		this.secondNode = new SpringApplicationBuilder(TiakiApplication.class)
			.initializers(context -> context.getBeanFactory().registerSingleton("sharedClock", this.clock))
			.run("--server.port=" + this.secondPort,
					"--tiaki.db.url=jdbc:postgresql://localhost:" + this.database.port() + "/tiaki",
					"--tiaki.db.username=tiaki_app", "--tiaki.db.owner-username=postgres", "--tiaki.web.origin=" + ORIGIN,
					"--tiaki.web.trusted-proxies=" + BALANCER_ADDRESS,
					"--tiaki.vault.master-key-file=" + workDirectory().resolve("keys/master.json"),
					"--tiaki.audit.signing-key-file=" + workDirectory().resolve("keys/audit-signing.json"),
					"--tiaki.demo.enabled=false", "--tiaki.scanning.clamd=127.0.0.1:9", "--spring.mail.host=127.0.0.1",
					"--spring.mail.port=" + TestMailServer.port(), "--tiaki.notifications.poll-interval=1h",
					"--tiaki.guard.bytes-before-lock=3MB", "--logging.level.root=warn");
		int balancerPort = freePort();
		this.balancer = "http://127.0.0.1:" + balancerPort;
		this.nginxDirectory = Files.createTempDirectory(workDirectory(), "nginx-").toAbsolutePath();
		Files.createDirectories(this.nginxDirectory.resolve("temp"));
		Path conf = this.nginxDirectory.resolve("nginx.conf");
		Files.writeString(conf, """
				worker_processes 1;
				daemon off;
				pid %1$s/nginx.pid;
				error_log %1$s/error.log warn;
				events { worker_connections 128; }
				http {
				  log_format nodes '$upstream_addr $status $request_method $uri';
				  access_log %1$s/access.log nodes;
				  client_body_temp_path %1$s/temp/body;
				  proxy_temp_path %1$s/temp/proxy;
				  fastcgi_temp_path %1$s/temp/fastcgi;
				  uwsgi_temp_path %1$s/temp/uwsgi;
				  scgi_temp_path %1$s/temp/scgi;
				  client_max_body_size 22m;
				  upstream tiaki {
				    server 127.0.0.1:%2$d;
				    server 127.0.0.1:%3$d;
				  }
				  server {
				    listen 127.0.0.1:%4$d;
				    location / {
				      proxy_pass http://tiaki;
				      proxy_bind %5$s;
				      proxy_set_header Host $http_host;
				      proxy_set_header X-Forwarded-For $remote_addr;
				      proxy_set_header X-Forwarded-Proto $scheme;
				      proxy_next_upstream error timeout;
				    }
				  }
				}
				""".formatted(this.nginxDirectory, PORT, this.secondPort, balancerPort, BALANCER_ADDRESS));
		this.nginx = new ProcessBuilder("/usr/sbin/nginx", "-p", this.nginxDirectory.toString(), "-c", conf.toString())
			.redirectErrorStream(true)
			.redirectOutput(this.nginxDirectory.resolve("nginx.out").toFile())
			.start();
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
			try (java.net.Socket socket = new java.net.Socket("127.0.0.1", balancerPort)) {
				return true;
			}
		});
	}

	@AfterEach
	void stop() throws Exception {
		if (this.nginx != null) {
			this.nginx.destroy();
			this.nginx.waitFor();
		}
		if (this.secondNode != null) {
			this.secondNode.close();
		}
	}

	@Test
	void aSessionBudgetAddressAndOutboxHoldAcrossTwoNodesBehindTheBalancer() throws Exception {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		DocumentId letter = this.documents.publish(Fixtures.staffSubject(doctor), new PatientId(patient.holderId()),
				DocumentKind.LETTER, "Letter", "letter.pdf", TestFiles.pdf("Dear patient"));

		Visitor browser = signedIn(patient, new Visitor(this.balancer));
		for (int i = 0; i < 6; i++) {
			assertThat(browser.get("/patient").status()).as("the session holds on whichever node answers").isEqualTo(200);
		}
		String token = browser.get("/patient/documents").csrf().orElseThrow();
		List<String> answers = new ArrayList<>();
		for (int request = 1; request <= 31; request++) {
			Visitor.Binary answer = browser.postForBytes("/patient/documents/" + letter + "/download",
					java.util.Map.of("_csrf", token));
			answers.add(answer.status() == 200 ? "delivered" : answer.redirect());
		}
		assertThat(answers.subList(0, 30)).allMatch("delivered"::equals);
		assertThat(answers.get(30)).as("the 31st document asks for the second factor again").isEqualTo("/account/confirm?budget");

		List<String> served = Files.readAllLines(this.nginxDirectory.resolve("access.log"));
		assertThat(served).as("both nodes answered the session's requests")
			.anyMatch(line -> line.startsWith("127.0.0.1:" + PORT + " 200 GET /patient"))
			.anyMatch(line -> line.startsWith("127.0.0.1:" + this.secondPort + " 200 GET /patient"));

		assertThat(sourceAddressesOf(patient, "SIGNED_IN")).as("the audit sees the client, not the balancer")
			.containsExactly("127.0.0.1");

		Visitor direct = new Visitor(ORIGIN.replace("localhost", "127.0.0.1"));
		String signInToken = direct.get("/signin").csrf().orElseThrow();
		Page forged = direct.send(HttpRequest.newBuilder(direct.uri("/signin"))
			.POST(HttpRequest.BodyPublishers.ofString(
					"username=" + java.net.URLEncoder.encode(patient.username(), java.nio.charset.StandardCharsets.UTF_8)
							+ "&password=wrong-password-entirely&_csrf=" + signInToken))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-Forwarded-For", "203.0.113.9"));
		assertThat(forged.status()).isLessThan(500);
		assertThat(sourceAddressesOf(patient, "SIGN_IN_FAILED"))
			.as("a client that is not the balancer cannot choose its address")
			.containsExactly("127.0.0.1");

		String address = patient.username();
		int before = TestMailServer.receivedBy(address).length;
		signedIn(patient, new Visitor(this.balancer).as("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/140.0"));
		CompletableFuture<Void> one = CompletableFuture.runAsync(() -> Outbox.deliverNow(this.firstNode));
		CompletableFuture<Void> other = CompletableFuture.runAsync(() -> Outbox.deliverNow(this.secondNode));
		CompletableFuture.allOf(one, other).join();
		Outbox.deliverNow(this.firstNode);
		Outbox.deliverNow(this.secondNode);
		assertThat(TestMailServer.receivedBy(address).length - before).as("the new-device e-mail, sent once although both nodes delivered at the same moment").isEqualTo(1);

		this.audit.sealNow();
		assertThat(this.audit.verify(List.of()).intact()).as("one audit chain, written by both nodes").isTrue();
	}

	private List<String> sourceAddressesOf(Fixtures.TestAccount account, String type) {
		return this.jdbc.sql("""
				select distinct source_address from audit_event
				where category = 'SECURITY' and event_type = :type and account_id = :account
				""")
			.param("type", type)
			.param("account", account.id().value())
			.query(String.class)
			.list();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
