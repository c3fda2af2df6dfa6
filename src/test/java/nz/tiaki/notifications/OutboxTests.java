package nz.tiaki.notifications;

import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.TestMailServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The e-mail outbox against a real SMTP server (GreenMail): a message exists only if what it
 * tells of was committed; it is delivered once the server takes it; a server that is down
 * means later, never lost; a crash after the server took it but before it was marked sent
 * sends it again with the same Message-ID; the address is sealed at rest (ASVS 5.0 V14;
 * HIPC rule 5).
 */
class OutboxTests extends PortalTest {

	@Autowired
	private Notifications notifications;

	@Autowired
	private OutboxSender sender;

	@Autowired
	private JavaMailSender mail;

	@Autowired
	private TransactionTemplate transactions;

	private static String address() {
		return "patient-" + UUID.randomUUID() + "@example.test";
	}

	private static List<MimeMessage> to(String address) throws Exception {
		return Arrays.stream(TestMailServer.received()).filter(m -> {
			try {
				return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equals(address));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
	}

	@Test
	void aCommittedMessageIsDeliveredInPlainWordsWithAStableMessageId() throws Exception {
		String address = address();
		assertThat(this.notifications.send(address, Template.EMERGENCY_ACCESS, Map.of("time", "3 December 2026, 2:14 pm"),
				null)).isTrue();
		this.sender.deliverDue();
		List<MimeMessage> received = to(address);
		assertThat(received).hasSize(1);
		MimeMessage message = received.get(0);
		assertThat(message.getSubject()).isEqualTo("Emergency access to your health record");
		assertThat((String) message.getContent()).contains("3 December 2026, 2:14 pm").contains(ORIGIN)
			.doesNotContain("{");
		assertThat(message.getMessageID()).matches("<[0-9a-f-]{36}@tiaki\\.example>");
		assertThat(this.jdbc.sql("select count(*) from outbox_message where position(convert_to(:a, 'UTF8') in recipient) > 0")
			.param("a", address)
			.query(Integer.class)
			.single()).as("the address is sealed at rest").isZero();
	}

	@Test
	void aRolledBackChangeSendsNothing() throws Exception {
		String address = address();
		assertThatThrownBy(() -> this.transactions.executeWithoutResult(status -> {
			this.notifications.send(address, Template.NEW_DEVICE_SIGN_IN, Map.of("device", "Firefox on Linux"), null);
			throw new IllegalStateException("the change failed");
		})).isInstanceOf(IllegalStateException.class);
		this.sender.deliverDue();
		assertThat(to(address)).isEmpty();
	}

	@Test
	void aServerThatIsDownMeansLaterNeverLost() throws Exception {
		String address = address();
		this.notifications.send(address, Template.NEW_DEVICE_SIGN_IN, Map.of("device", "Chrome on Android"), null);
		JavaMailSenderImpl down = new JavaMailSenderImpl();
		down.setHost("127.0.0.1");
		try (ServerSocket closed = new ServerSocket(0)) {
			down.setPort(closed.getLocalPort());
		}
		assertThat(this.sender.deliverBatch(down)).isPositive();
		Map<String, Object> row = this.jdbc.sql("select attempts, due_at > now() as later, last_error from outbox_message "
				+ "where sent_at is null and template = 'NEW_DEVICE_SIGN_IN' order by created_at desc limit 1")
			.query()
			.singleRow();
		assertThat(row.get("attempts")).isEqualTo(1);
		assertThat(row.get("later")).isEqualTo(true);
		assertThat(to(address)).isEmpty();

		this.clock.advance(java.time.Duration.ofMinutes(2));
		this.sender.deliverDue();
		assertThat(to(address)).hasSize(1);
	}

	@Test
	void aCrashAfterTheServerTookItSendsItAgainWithTheSameMessageId() throws Exception {
		String address = address();
		this.notifications.send(address, Template.SECURITY_ALERT, Map.of("severity", "critical", "summary", "A canary"),
				null);
		JavaMailSender crashing = new JavaMailSenderImpl() {
			@Override
			public void send(MimeMessage... messages) {
				OutboxTests.this.mail.send(messages);
				throw new MailSendException("the portal stopped before it could mark the message sent");
			}
		};
		this.sender.deliverBatch(crashing);
		this.sender.deliverDue();
		this.clock.advance(java.time.Duration.ofMinutes(2));
		this.sender.deliverDue();
		List<MimeMessage> received = to(address);
		assertThat(received).hasSize(2);
		assertThat(received.get(0).getMessageID()).isEqualTo(received.get(1).getMessageID());
		assertThat(this.jdbc.sql("select count(*) from outbox_message where template = 'SECURITY_ALERT' and sent_at is null")
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void theSameKeyQueuesOneMessage() throws Exception {
		String address = address();
		String key = "test:" + UUID.randomUUID();
		assertThat(this.notifications.send(address, Template.NEW_DEVICE_SIGN_IN, Map.of(), key)).isTrue();
		assertThat(this.notifications.send(address, Template.NEW_DEVICE_SIGN_IN, Map.of(), key)).isFalse();
		this.sender.deliverDue();
		assertThat(to(address)).hasSize(1);
	}

}
