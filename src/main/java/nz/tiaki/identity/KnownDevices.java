package nz.tiaki.identity;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

import nz.tiaki.notifications.Notifications;
import nz.tiaki.notifications.Template;
import nz.tiaki.shared.web.RequestOrigin;
import nz.tiaki.vault.Vault;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Remembers the devices (browser and system) each account signs in from, as keyed hashes,
 * and tells the account holder by e-mail when a new one signs in — not on the very first
 * sign-in, which is the holder setting up their account.
 */
@Component
class KnownDevices {

	static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMMM yyyy, h:mm a", Locale.ENGLISH)
		.withZone(ZoneId.of("Pacific/Auckland"));

	private final JdbcClient jdbc;

	private final Vault vault;

	private final Notifications notifications;

	KnownDevices(JdbcClient jdbc, Vault vault, Notifications notifications) {
		this.jdbc = jdbc;
		this.vault = vault;
		this.notifications = notifications;
	}

	/**
	 * @param account who signed in (both factors passed)
	 * @param address where the holder reads e-mail
	 * @param origin from where
	 * @param at when
	 * @return whether the device was new to a holder who had signed in before (and told)
	 */
	boolean signedIn(AccountId account, String address, RequestOrigin origin, Instant at) {
		String device = origin.device();
		String key = this.vault.indexText("device", account.value() + "|" + device);
		boolean before = this.jdbc.sql("select count(*) from known_device where account_id = :a")
			.param("a", account.value())
			.query(Integer.class)
			.single() > 0;
		int added = this.jdbc.sql("""
				insert into known_device (account_id, device_key, first_seen) values (:a, :k, :at)
				on conflict do nothing
				""")
			.param("a", account.value())
			.param("k", key)
			.param("at", Timestamp.from(at))
			.update();
		if (added == 0 || !before) {
			return false;
		}
		this.notifications.send(address, Template.NEW_DEVICE_SIGN_IN,
				Map.of("device", device, "place", origin.coarseAddress(), "time", WHEN.format(at)),
				"device:" + account.value() + ":" + key);
		return true;
	}

}
