package nz.tiaki.incidents;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import nz.tiaki.apps.Apps;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.SmartApp;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An incident can be scoped by address range as well as by address, and an app's grant is
 * scoped and contained like a session: its reads are found by its reference, and containing
 * it ends its tokens (NZ Privacy Act 2020 s.114 notifiable breach assessment; NIST SP 800-61
 * containment).
 */
class AddressRangeTests extends PortalTest {

	@Autowired
	private Incidents incidents;

	@Autowired
	private Apps apps;

	@Test
	void aRangeFindsTheReadsFromItAndOnlyThose() {
		Fixtures.TestAccount patient = this.fixtures.patient(this.fixtures.practice());
		Instant from = Instant.now().minus(Duration.ofMinutes(1));
		signedIn(patient).get("/patient/health");
		Instant to = Instant.now().plus(Duration.ofMinutes(1));
		UUID whose = patient.holderId();
		assertThat(this.incidents.scope(new Scope(Set.of(), Set.of(), Set.of("127.0.0.0/8"), from, to)).patients())
			.contains(whose);
		assertThat(this.incidents.scope(new Scope(Set.of(), Set.of(), Set.of("10.0.0.0/8", "2001:db8::/32"), from, to))
			.patients()).doesNotContain(whose);
	}

	@Test
	void addressesAndRangesAreCheckedWhenTyped() {
		assertThat(Scope.isAddressOrRange("203.0.113.7")).isTrue();
		assertThat(Scope.isAddressOrRange("203.0.113.0/24")).isTrue();
		assertThat(Scope.isAddressOrRange("2001:db8::/32")).isTrue();
		assertThat(Scope.isAddressOrRange("300.0.0.1")).isFalse();
		assertThat(Scope.isAddressOrRange("203.0.113.0/33")).isFalse();
		assertThat(Scope.isAddressOrRange("10.0.0.0/8'; drop table audit_event; --")).isFalse();
		assertThat(IncidentCommands.parse(List.of("address=10.0.0.0/99", "from=2026-01-01T00:00:00Z",
				"to=2026-01-02T00:00:00Z"), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))).isNull();
	}

	@Test
	void anAppGrantIsScopedAndContainedLikeASession() {
		Fixtures.TestAccount patient = this.fixtures.patient(this.fixtures.practice());
		SmartApp app = new SmartApp(ORIGIN, this.apps.registerPatientApp("Suspect app", List.of(SmartApp.REDIRECT)));
		Instant from = Instant.now().minus(Duration.ofMinutes(1));
		var fhir = app.fhir(app.connect(signedIn(patient), "launch/patient patient/*.rs").accessToken());
		fhir.read().resource(Patient.class).withId(patient.holderId().toString()).execute();
		Instant to = Instant.now().plus(Duration.ofMinutes(1));
		String grant = this.jdbc.sql("select distinct session_ref from audit_event where session_ref like 'app:%' "
				+ "and patient_id = :p").param("p", patient.holderId()).query(String.class).single();

		assertThat(this.incidents.scope(new Scope(Set.of(), Set.of(grant), Set.of(), from, to)).patients())
			.containsExactly(patient.holderId());
		Containment done = this.incidents.contain(new Scope(Set.of(), Set.of(grant), Set.of(), from, to), false);
		assertThat(done.sessionsEnded()).isEqualTo(1);
		assertThatThrownBy(() -> fhir.read().resource(Patient.class).withId(patient.holderId().toString()).execute())
			.isInstanceOf(ca.uhn.fhir.rest.server.exceptions.AuthenticationException.class);
	}

}
