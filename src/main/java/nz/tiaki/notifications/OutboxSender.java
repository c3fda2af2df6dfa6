package nz.tiaki.notifications;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import nz.tiaki.vault.Vault;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers the outbox over SMTP. Each message is locked while it is sent (so two nodes never
 * send it at once), marked sent after the SMTP server accepted it, and on failure tried again
 * after 1, 2, 4 … minutes, at most an hour apart, for as long as it takes. A crash between the
 * SMTP server's acceptance and the mark sends it again, with the same Message-ID, so mail
 * software can recognise the copy: delivery is at least once, never lost.
 */
@Component
class OutboxSender {

	private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

	static final Duration LONGEST_WAIT = Duration.ofHours(1);

	private final JdbcClient jdbc;

	private final Vault vault;

	private final JsonMapper json;

	private final ObjectProvider<JavaMailSender> mail;

	private final NotificationSettings settings;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private volatile boolean warned;

	OutboxSender(JdbcClient jdbc, Vault vault, JsonMapper json, ObjectProvider<JavaMailSender> mail,
			NotificationSettings settings, TransactionTemplate transactions, Clock clock) {
		this.jdbc = jdbc;
		this.vault = vault;
		this.json = json;
		this.mail = mail;
		this.settings = settings;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${tiaki.notifications.poll-interval}")
	void deliverDue() {
		JavaMailSender sender = this.mail.getIfAvailable();
		if (sender == null) {
			if (!this.warned) {
				this.warned = true;
				log.info("No SMTP server is configured (spring.mail.host): e-mails wait in the outbox");
			}
			return;
		}
		int sent;
		do {
			sent = deliverBatch(sender);
		}
		while (sent > 0);
	}

	/**
	 * @return how many messages were taken from the outbox (sent or put off)
	 */
	int deliverBatch(JavaMailSender sender) {
		Integer taken = this.transactions.execute(status -> {
			Instant now = this.clock.instant();
			List<Due> due = this.jdbc.sql("""
					select id, recipient, template, values_json, attempts from outbox_message
					where sent_at is null and due_at <= :now order by due_at limit 20 for update skip locked
					""")
				.param("now", Timestamp.from(now))
				.query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getBytes(2), rs.getString(3), rs.getString(4),
						rs.getInt(5)))
				.list();
			for (Due message : due) {
				try {
					sender.send(mime(sender, message));
					this.jdbc.sql("update outbox_message set sent_at = :now, attempts = attempts + 1 where id = :id")
						.param("now", Timestamp.from(this.clock.instant()))
						.param("id", message.id())
						.update();
				}
				catch (MailException | MessagingException ex) {
					this.jdbc.sql("""
							update outbox_message set attempts = attempts + 1, due_at = :next, last_error = :error
							where id = :id
							""")
						.param("next", Timestamp.from(now.plus(wait(message.attempts() + 1))))
						.param("error", ex.getClass().getSimpleName())
						.param("id", message.id())
						.update();
					log.warn("An e-mail could not be delivered (attempt {}); it will be tried again",
							message.attempts() + 1);
				}
			}
			return due.size();
		});
		return taken == null ? 0 : taken;
	}

	static Duration wait(int attempts) {
		long minutes = 1L << Math.min(attempts - 1, 6);
		Duration wait = Duration.ofMinutes(minutes);
		return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
	}

	private MimeMessage mime(JavaMailSender sender, Due message) throws MessagingException {
		String address = new String(this.vault.openIdentity(Notifications.RECIPIENT, message.id(), message.recipient()),
				StandardCharsets.UTF_8);
		Template template = Template.valueOf(message.template());
		Map<String, String> values = this.json.readValue(message.values(), new TypeReference<Map<String, String>>() {
		});
		values.putIfAbsent("portal", this.settings.portalAddress());
		Session session = sender instanceof JavaMailSenderImpl impl ? impl.getSession() : Session.getInstance(new java.util.Properties());
		String messageId = "<" + message.id() + "@" + this.settings.messageIdDomain() + ">";
		MimeMessage mime = new MimeMessage(session) {
			@Override
			protected void updateMessageID() throws MessagingException {
				setHeader("Message-ID", messageId);
			}
		};
		mime.setFrom(new InternetAddress(this.settings.from()));
		mime.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(address));
		mime.setSubject(template.subject(), StandardCharsets.UTF_8.name());
		mime.setText(template.body(values), StandardCharsets.UTF_8.name());
		return mime;
	}

	private record Due(UUID id, byte[] recipient, String template, String values, int attempts) {

		@Override
		public String toString() {
			return "Due[" + this.id + "]";
		}

	}

}
