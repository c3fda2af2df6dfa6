package nz.tiaki.notifications;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import nz.tiaki.vault.Vault;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Puts e-mails in the outbox, in the caller's transaction: a message exists if and only if
 * what it tells of was committed.
 */
@Service
public class Notifications {

	static final String RECIPIENT = "outbox-recipient";

	private final JdbcClient jdbc;

	private final Vault vault;

	private final JsonMapper json;

	private final Clock clock;

	Notifications(JdbcClient jdbc, Vault vault, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.vault = vault;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * @param address where to send it
	 * @param template what to say
	 * @param values the plain values the template names (never clinical content)
	 * @param dedupKey a key that makes a second request for the same message do nothing, or
	 * {@code null}
	 * @return whether a message was queued (false when one with this key exists already)
	 */
	@Transactional
	public boolean send(String address, Template template, Map<String, String> values, String dedupKey) {
		if (address == null || address.isBlank()) {
			return false;
		}
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant();
		int added = this.jdbc.sql("""
				insert into outbox_message (id, dedup_key, recipient, template, values_json, created_at, due_at)
				values (:id, :key, :recipient, :template, :values, :now, :now)
				on conflict (dedup_key) do nothing
				""")
			.param("id", id)
			.param("key", dedupKey)
			.param("recipient", this.vault.sealIdentity(RECIPIENT, id, address.strip().getBytes(StandardCharsets.UTF_8)))
			.param("template", template.name())
			.param("values", this.json.writeValueAsString(new TreeMap<>(values)))
			.param("now", Timestamp.from(now))
			.update();
		return added > 0;
	}

}
