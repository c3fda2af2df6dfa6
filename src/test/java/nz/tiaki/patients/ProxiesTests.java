package nz.tiaki.patients;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Map;

import nz.tiaki.appointments.Appointments;
import nz.tiaki.appointments.SlotKind;
import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.Visitor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proxies arranged by the patient: they let another account holder act for them at a level
 * and until a date; the proxy chooses to act for them and books an appointment in their name;
 * the patient sees the proxy in their access history; once ended, the proxy reaches nothing
 * (HIPC rule 11; NZ patient portal proxy practice).
 */
class ProxiesTests extends PortalTest {

	@Autowired
	private Appointments appointments;

	@Autowired
	private Practices practices;

	@Autowired
	private nz.tiaki.records.Records records;

	@Autowired
	private ProxyArrangements arrangements;

	@Test
	void aPatientLetsSomeoneBookForThemAndLaterStopsIt() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		var front = this.practices.staffMember(this.fixtures.staff(practice, StaffRole.RECEPTIONIST).holderId()).orElseThrow();
		this.appointments.publish(front, doctor.holderId(), LocalDate.now(this.clock.withZone(Appointments.ZONE)).plusDays(2),
				LocalTime.of(10, 0), LocalTime.of(10, 30), 15, SlotKind.IN_PERSON, true);
		Fixtures.TestAccount koro = this.fixtures.patientNamed(practice, "Koro", "Tipene");
		Fixtures.TestAccount mokopuna = this.fixtures.patient(practice);

		Visitor patient = signedIn(koro);
		assertThat(patient.submit("/patient/proxies", "/patient/proxies",
				Map.of("email", "nobody-" + System.nanoTime() + "@example.test", "level", "EVERYDAY", "until", ""))
			.body()).contains("We could not find a Tiaki account");
		String until = LocalDate.now(this.clock.withZone(Appointments.ZONE)).plusMonths(3).toString();
		assertThat(patient.submit("/patient/proxies", "/patient/proxies",
				Map.of("email", mokopuna.username(), "level", "EVERYDAY", "until", until)).redirect())
			.isEqualTo("/patient/proxies?done=granted");
		assertThat(patient.get("/patient/proxies").body()).contains(mokopuna.username())
			.contains("Appointments, repeat prescriptions and messages");

		Visitor proxy = signedIn(mokopuna);
		assertThat(proxy.get("/patient/proxies").body()).contains("Koro Tipene");
		assertThat(proxy.submit("/patient/proxies", "/patient/proxies/act-for",
				Map.of("patient", koro.holderId().toString())).redirect()).isEqualTo("/patient/appointments");
		assertThat(proxy.get("/patient/appointments").body()).contains("You are acting for").contains("Koro Tipene");
		String slot = this.appointments.freeSlots(Fixtures.patientSubject(koro), new PatientId(koro.holderId()))
			.get(0)
			.id()
			.toString();
		assertThat(proxy.submit("/patient/appointments/book", "/patient/appointments/book", Map.of("slot", slot))
			.redirect()).isEqualTo("/patient/appointments?done=booked");
		assertThat(this.appointments.upcoming(Fixtures.patientSubject(koro), new PatientId(koro.holderId()))).hasSize(1);
		assertThat(patient.get("/patient/access").body()).contains("Your proxy, " + mokopuna.username());
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> this.records.summary(Fixtures.patientSubject(mokopuna),
				new PatientId(koro.holderId())))
			.as("everyday rights do not open the record")
			.isInstanceOf(nz.tiaki.access.AccessDenied.class);

		String arrangement = patient.get("/patient/proxies")
			.body()
			.replaceAll("(?s).*action=\"/patient/proxies/([0-9a-f-]{36})/end\".*", "$1");
		assertThat(patient.submit("/patient/proxies", "/patient/proxies/" + arrangement + "/end", Map.of()).redirect())
			.isEqualTo("/patient/proxies?done=ended");
		Visitor.Page after = proxy.get("/patient/appointments");
		assertThat(after.status()).isEqualTo(200);
		assertThat(after.body()).as("an ended arrangement reaches nothing: the proxy is back to their own")
			.doesNotContain("Koro Tipene")
			.contains("You have no appointments booked.");
		assertThat(proxy.get("/patient/proxies").body()).doesNotContain("Koro Tipene");
	}

	@Test
	void guessingAddressesToLearnWhoHasAnAccountStopsAfterAFew() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount guesser = this.fixtures.patient(practice);
		Fixtures.TestAccount real = this.fixtures.patient(practice);
		ProxyArrangements arrangements = this.arrangements;
		for (int i = 0; i < ProxyArrangements.UNKNOWN_ADDRESSES_PER_HOUR; i++) {
			String guess = "guess-" + i + "-" + java.util.UUID.randomUUID() + "@example.org";
			org.assertj.core.api.Assertions.assertThatThrownBy(() -> arrangements.grant(
					Fixtures.patientSubject(guesser), guess, ProxyArrangements.Level.APPOINTMENTS, null))
				.hasMessageContaining("could not find");
		}
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> arrangements.grant(Fixtures.patientSubject(guesser),
				real.username(), ProxyArrangements.Level.APPOINTMENTS, null))
			.as("even a real address is not looked up now, so the answer tells nothing")
			.hasMessageContaining("no more are looked up");
		this.clock.advance(java.time.Duration.ofMinutes(61));
		arrangements.grant(Fixtures.patientSubject(guesser), real.username(), ProxyArrangements.Level.APPOINTMENTS, null);
		assertThat(arrangements.given(Fixtures.patientSubject(guesser))).hasSize(1);
	}

}
