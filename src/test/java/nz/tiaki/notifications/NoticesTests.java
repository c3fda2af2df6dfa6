package nz.tiaki.notifications;

import java.util.Arrays;
import java.util.List;

import jakarta.mail.internet.MimeMessage;
import nz.tiaki.access.AccessGate;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.TestMailServer;
import nz.tiaki.support.Visitor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the account holder is told by e-mail, through a real SMTP server: a sign-in from a
 * device the account has not used before, and emergency access to a patient's record — each
 * saying only that it happened and where to look, never clinical detail or the reason given
 * (HIPC rule 5; ASVS 5.0 V6.3.5 notification of suspicious authentication; NZ break-glass
 * practice).
 */
class NoticesTests extends PortalTest {

	private static final String PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 19_0 like Mac OS X) AppleWebKit/605.1.15 "
			+ "(KHTML, like Gecko) Version/19.0 Mobile/15E148 Safari/604.1";

	@Autowired
	private OutboxSender sender;

	@Autowired
	private AccessGate gate;

	@Autowired
	private nz.tiaki.guard.Guard guard;

	private static List<MimeMessage> to(String address) {
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
	void aSignInFromANewDeviceIsToldOnceAndTheFirstSignInIsNot() throws Exception {
		Fixtures.TestAccount patient = this.fixtures.patient(this.fixtures.practice());
		signedIn(patient);
		signedIn(patient);
		this.sender.deliverDue();
		assertThat(to(patient.username())).as("the first device, and the same one again").isEmpty();

		signedIn(patient, visitor().as(PHONE));
		signedIn(patient, visitor().as(PHONE));
		this.sender.deliverDue();
		List<MimeMessage> told = to(patient.username());
		assertThat(told).hasSize(1);
		assertThat(told.get(0).getSubject()).isEqualTo("A new device signed in to your Tiaki account");
		assertThat((String) told.get(0).getContent()).contains("Safari on iOS").contains("change your password");
	}

	@Test
	void emergencyAccessIsToldToThePatientWithoutTheReason() throws Exception {
		Fixtures.TestAccount patient = this.fixtures.patient(this.fixtures.practice());
		Fixtures.TestAccount outsider = this.fixtures.staff(this.fixtures.practice(), StaffRole.DOCTOR);
		String reason = "Unconscious in ED, needs allergies " + System.nanoTime();
		this.gate.breakGlass(Fixtures.staffSubject(outsider), new PatientId(patient.holderId()), reason);
		this.sender.deliverDue();
		List<MimeMessage> told = to(patient.username());
		assertThat(told).hasSize(1);
		assertThat(told.get(0).getSubject()).isEqualTo("Emergency access to your health record");
		String body = (String) told.get(0).getContent();
		assertThat(body).contains("Who has seen my record").doesNotContain(reason).doesNotContain("allergies");
	}


	@Test
	void thePrivacyOfficerIsToldOfAnAlertEvenThoughTheRequestWasRefused() throws Exception {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Fixtures.TestAccount bait = this.fixtures.patient(practice);
		this.guard.plantCanary("PATIENT", bait.holderId().toString());
		assertThat(signedIn(doctor).get("/practice/patients/" + bait.holderId()).redirect()).isEqualTo("/signin?locked");
		this.sender.deliverDue();
		List<MimeMessage> told = to(practice.admin().username());
		assertThat(told).hasSize(1);
		assertThat(told.get(0).getSubject()).isEqualTo("Tiaki security alert at your practice");
		assertThat((String) told.get(0).getContent()).contains("critical").contains("/practice/alerts");
	}

}
