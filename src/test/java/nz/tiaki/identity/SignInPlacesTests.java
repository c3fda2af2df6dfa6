package nz.tiaki.identity;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import jakarta.mail.internet.MimeMessage;
import nz.tiaki.notifications.Outbox;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.TestMailServer;
import nz.tiaki.support.TrustedProxy;
import nz.tiaki.support.Visitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Unusual sign-ins are told to the account holder: from a country the account has not used
 * before, and from too far from the last sign-in for anyone to have travelled in the time —
 * judged from the client address a trusted proxy forwards, against the operator's
 * address-location file (ASVS 5.0 V6.3.5 notify of suspicious authentication; NIST SP
 * 800-63B 5.2.2 risk signals).
 */
class SignInPlacesTests extends PortalTest {

	private static final String AUCKLAND = "203.0.113.7";

	private static final String LONDON = "198.51.100.20";

	private static final String SYDNEY = "192.0.2.40";

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private org.springframework.context.ApplicationContext context;

	private TrustedProxy proxy;

	@BeforeEach
	void proxy() {
		this.proxy = new TrustedProxy(PORT);
	}

	@AfterEach
	void closeProxy() {
		this.proxy.close();
	}

	private Visitor from(String address) {
		return new Visitor(this.proxy.origin()).from(address);
	}

	private int unusual(Fixtures.TestAccount account, String detail) {
		return this.jdbc.sql("""
				select count(*) from audit_event where event_type = 'SIGN_IN_UNUSUAL' and account_id = :a and detail = :d
				""").param("a", account.id().value()).param("d", detail).query(Integer.class).single();
	}

	@Test
	void aNewCountryAndImpossibleTravelAreToldAndOrdinarySignInsAreNot() throws Exception {
		Fixtures.TestAccount patient = this.fixtures.patient(this.fixtures.practice());
		signedIn(patient, from(AUCKLAND));
		this.clock.advance(Duration.ofDays(1));
		Visitor atHome = signedIn(patient, from("203.0.113.99"));
		assertThat(told(patient)).as("the first place is learnt, the same place again is ordinary").isEmpty();
		assertThat(atHome.get("/account/security").body()).contains("203.0.113.x, New Zealand");

		this.clock.advance(Duration.ofHours(2));
		signedIn(patient, from(LONDON));
		assertThat(told(patient)).containsExactly("Two sign-ins to your Tiaki account from far apart");
		assertThat(unusual(patient, "impossible-travel GB")).isOne();
		String body = lastBody(patient);
		assertThat(body).contains("United Kingdom").contains("2 hours").contains("18,").doesNotContain("198.51");

		this.clock.advance(Duration.ofDays(30));
		signedIn(patient, from("198.51.100.200"));
		assertThat(told(patient)).as("Edinburgh a month after London: a known country, an easy journey").hasSize(1);

		this.clock.advance(Duration.ofDays(3));
		signedIn(patient, from(SYDNEY));
		assertThat(told(patient)).as("Sydney three days on: possible travel, but a country never used")
			.containsExactly("Two sign-ins to your Tiaki account from far apart",
					"A sign-in to your Tiaki account from another country");
		assertThat(unusual(patient, "new-country AU")).isOne();
		assertThat(lastBody(patient)).contains("Australia").contains("Chrome on Linux");

		this.clock.advance(Duration.ofDays(1));
		signedIn(patient, from("2001:db8::5"));
		signedIn(patient, from("10.1.2.3"));
		assertThat(told(patient)).as("Wellington a day after Sydney; an address no range holds is not judged")
			.hasSize(2);
	}

	@Test
	void aForgedForwardedAddressIsNotBelievedFromAnUntrustedPeer() {
		Fixtures.TestAccount patient = this.fixtures.patient(this.fixtures.practice());
		signedIn(patient, from(AUCKLAND));
		this.clock.advance(Duration.ofMinutes(10));
		signedIn(patient, visitor().from(LONDON));
		assertThat(told(patient)).as("straight to the portal, the header is the client's own word").isEmpty();
		assertThat(this.jdbc.sql("select count(*) from known_country where account_id = :a")
			.param("a", patient.id().value())
			.query(Integer.class)
			.single()).isOne();
	}

	@Test
	void rangesAreReadFromBothFileShapesAndLookupsNeverResolveNames(@TempDir Path dir) throws IOException {
		Path countries = dir.resolve("countries.csv.gz");
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(countries))) {
			out.write("""
					10.0.0.0,10.0.0.255,NZ
					"10.0.1.0","10.0.1.255","AU"
					2001:db8::,2001:db8::ffff,GB
					""".getBytes(StandardCharsets.UTF_8));
		}
		AddressLocations locations = AddressLocations.load(countries);
		assertThat(locations.size()).isEqualTo(3);
		assertThat(locations.locate("10.0.0.200")).hasValueSatisfying(p -> {
			assertThat(p.country()).isEqualTo("NZ");
			assertThat(p.hasPoint()).isFalse();
		});
		assertThat(locations.locate("10.0.1.0").map(AddressLocations.Place::countryName)).contains("Australia");
		assertThat(locations.locate("2001:db8::ff").map(AddressLocations.Place::country)).contains("GB");
		assertThat(locations.locate("2001:db8::1:0")).isEmpty();
		assertThat(locations.locate("10.0.2.0")).isEmpty();
		assertThat(locations.locate("localhost")).as("a name is not looked up").isEmpty();
		assertThat(locations.locate("1.2.3")).isEmpty();
		assertThat(locations.locate("a.b.c.d")).isEmpty();
		assertThat(locations.locate(null)).isEmpty();

		Path broken = dir.resolve("broken.csv");
		Files.writeString(broken, "10.0.0.0,10.0.0.255,NZ\n10.0.1.0,10.0.0.255,AU\n");
		assertThatThrownBy(() -> AddressLocations.load(broken)).hasMessage(
				"Line 2 of broken.csv is not an address range: the range ends before it starts");
		Files.writeString(broken, "10.0.0.0,10.0.0.255,OC,NZ,x,y,north,south\n");
		assertThatThrownBy(() -> AddressLocations.load(broken)).hasMessageContaining("must be numbers");

		AddressLocations.Place auckland = new AddressLocations.Place("NZ", -36.8485, 174.7633, true);
		AddressLocations.Place london = new AddressLocations.Place("GB", 51.5072, -0.1276, true);
		assertThat(auckland.kilometresTo(london)).isBetween(18_200.0, 18_400.0);
		assertThat(auckland.toString()).doesNotContain("36.8");
	}

	@Test
	void withoutALocationFileNothingIsJudgedOrStored() {
		SignInPlaces places = new SignInPlaces(null, null, null, null, new SignInPlaceSettings("", 1000, 500));
		assertThat(places.judging()).isFalse();
		assertThat(places.signedIn(new AccountId(java.util.UUID.randomUUID()), "x@example.org",
				new nz.tiaki.shared.web.RequestOrigin(LONDON, null, null), java.time.Instant.now()))
			.isEqualTo(SignInPlaces.Judgement.NOTHING);
	}

	private List<String> told(Fixtures.TestAccount account) {
		Outbox.deliverNow(this.context);
		return Arrays.stream(TestMailServer.receivedBy(account.username())).map(SignInPlacesTests::subject)
			.filter(s -> s.contains("country") || s.contains("far apart"))
			.toList();
	}

	private String lastBody(Fixtures.TestAccount account) throws Exception {
		MimeMessage[] received = TestMailServer.receivedBy(account.username());
		return String.valueOf(received[received.length - 1].getContent());
	}

	private static String subject(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (jakarta.mail.MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
