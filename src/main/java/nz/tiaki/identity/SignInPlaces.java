package nz.tiaki.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;
import nz.tiaki.identity.AddressLocations.Place;
import nz.tiaki.notifications.Notifications;
import nz.tiaki.notifications.Template;
import nz.tiaki.shared.web.RequestOrigin;
import nz.tiaki.vault.Vault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells the account holder of a sign-in from a country their account has not used, or from
 * too far from the last sign-in for anyone to have travelled in between. Needs an
 * address-location file from the operator; without one nothing is judged (and nothing about
 * places is stored). The first sign-in with a known place only learns it.
 */
@Component
class SignInPlaces {

	private static final Logger log = LoggerFactory.getLogger(SignInPlaces.class);

	private static final String PLACE_KIND = "sign-in-place";

	private final JdbcClient jdbc;

	private final Vault vault;

	private final Notifications notifications;

	private final AuditTrail audit;

	private final SignInPlaceSettings settings;

	private final AddressLocations locations;

	SignInPlaces(JdbcClient jdbc, Vault vault, Notifications notifications, AuditTrail audit,
			SignInPlaceSettings settings) {
		this.jdbc = jdbc;
		this.vault = vault;
		this.notifications = notifications;
		this.audit = audit;
		this.settings = settings;
		this.locations = load(settings.file());
	}

	private static AddressLocations load(String file) {
		if (file == null || file.isBlank()) {
			log.info("No address-location file (tiaki.identity.places.file): new countries and impossible travel are not judged");
			return null;
		}
		try {
			long started = System.nanoTime();
			AddressLocations locations = AddressLocations.load(Path.of(file));
			log.info("Address locations loaded: {} ranges in {} ms", locations.size(),
					(System.nanoTime() - started) / 1_000_000);
			return locations;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The address-location file " + file + " cannot be read", ex);
		}
	}

	/**
	 * @return whether sign-in places are judged here
	 */
	boolean judging() {
		return this.locations != null;
	}

	/**
	 * What was unusual about a sign-in.
	 *
	 * @param newCountry first sign-in from this country, by an account seen elsewhere before
	 * @param impossibleTravel too far from the last sign-in for the time between them
	 */
	record Judgement(boolean newCountry, boolean impossibleTravel) {

		static final Judgement NOTHING = new Judgement(false, false);
	}

	/**
	 * @param account who signed in (both factors passed)
	 * @param address where the holder reads e-mail
	 * @param origin from where
	 * @param at when
	 * @return what was unusual (and told to the holder)
	 */
	Judgement signedIn(AccountId account, String address, RequestOrigin origin, Instant at) {
		if (this.locations == null) {
			return Judgement.NOTHING;
		}
		Optional<Place> located = this.locations.locate(origin.address());
		if (located.isEmpty()) {
			return Judgement.NOTHING;
		}
		Place here = located.get();
		boolean newCountry = learnCountry(account, here, at);
		Optional<LastPlace> last = lastPlace(account);
		remember(account, here, at);

		boolean impossible = false;
		String distance = null;
		String hours = null;
		if (last.isPresent() && last.get().place().hasPoint() && here.hasPoint()) {
			double km = last.get().place().kilometresTo(here);
			Duration between = Duration.between(last.get().at(), at);
			double elapsedHours = Math.max(between.toSeconds(), 60) / 3600.0;
			if (km >= this.settings.travelMinimumKm() && km / elapsedHours > this.settings.travelKmPerHour()) {
				impossible = true;
				distance = String.format(Locale.ENGLISH, "%,d km", Math.round(km / 100) * 100);
				hours = between.toMinutes() < 120 ? between.toMinutes() + " minutes"
						: between.toHours() + " hours";
			}
		}
		String time = KnownDevices.WHEN.format(at);
		if (impossible) {
			this.audit.record(SecurityEventType.SIGN_IN_UNUSUAL, account.value(), "impossible-travel " + here.country());
			this.notifications.send(address, Template.IMPOSSIBLE_TRAVEL_SIGN_IN,
					Map.of("country", here.countryName(), "time", time, "hours", hours, "distance", distance),
					"travel:" + account.value() + ":" + at.toEpochMilli());
		}
		else if (newCountry) {
			this.audit.record(SecurityEventType.SIGN_IN_UNUSUAL, account.value(), "new-country " + here.country());
			this.notifications.send(address, Template.NEW_COUNTRY_SIGN_IN,
					Map.of("country", here.countryName(), "device", origin.device(), "time", time),
					"country:" + account.value() + ":" + here.country());
		}
		return new Judgement(newCountry, impossible);
	}

	/**
	 * @return whether the country is new to an account that had signed in from somewhere before
	 */
	private boolean learnCountry(AccountId account, Place here, Instant at) {
		boolean before = this.jdbc.sql("select count(*) from known_country where account_id = :a")
			.param("a", account.value())
			.query(Integer.class)
			.single() > 0;
		int added = this.jdbc.sql("""
				insert into known_country (account_id, country_key, first_seen) values (:a, :k, :at)
				on conflict do nothing
				""")
			.param("a", account.value())
			.param("k", this.vault.indexText("country", account.value() + "|" + here.country()))
			.param("at", Timestamp.from(at))
			.update();
		return before && added > 0;
	}

	private record LastPlace(Place place, Instant at) {
	}

	private Optional<LastPlace> lastPlace(AccountId account) {
		return this.jdbc.sql("select place, signed_in from last_sign_in_place where account_id = :a")
			.param("a", account.value())
			.query((rs, n) -> {
				String[] parts = new String(this.vault.openIdentity(PLACE_KIND, account.value(), rs.getBytes(1)),
						StandardCharsets.UTF_8).split(",");
				boolean point = parts.length == 3;
				Place place = new Place(parts[0], point ? Double.parseDouble(parts[1]) : 0,
						point ? Double.parseDouble(parts[2]) : 0, point);
				return new LastPlace(place, rs.getTimestamp(2).toInstant());
			})
			.optional();
	}

	private void remember(AccountId account, Place here, Instant at) {
		String text = here.hasPoint() ? here.country() + "," + here.latitude() + "," + here.longitude() : here.country();
		byte[] sealed = this.vault.sealIdentity(PLACE_KIND, account.value(), text.getBytes(StandardCharsets.UTF_8));
		this.jdbc.sql("""
				insert into last_sign_in_place (account_id, place, signed_in) values (:a, :p, :at)
				on conflict (account_id) do update set place = excluded.place, signed_in = excluded.signed_in
				""")
			.param("a", account.value())
			.param("p", sealed)
			.param("at", Timestamp.from(at))
			.update();
	}

	/**
	 * @param address a client address
	 * @return its country's name, when it can be told
	 */
	Optional<String> countryOf(String address) {
		return this.locations == null ? Optional.empty() : this.locations.locate(address).map(Place::countryName);
	}

}
