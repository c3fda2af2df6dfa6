package nz.tiaki.clinics;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nz.tiaki.patients.NewPatient;

import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.Visitor;
import nz.tiaki.support.Visitor.Page;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Practice pages: staff see and invite only their own practice's patients; only
 * administrators manage staff (ASVS 5.0 V8.2; API Security Top 10 API1, API5).
 */
class PracticeTests extends PortalTest {

	private Fixtures.TestPractice practice;

	private Fixtures.TestPractice otherPractice;

	@BeforeEach
	void people() {
		this.practice = this.fixtures.practice();
		this.otherPractice = this.fixtures.practice();
	}

	@Test
	void receptionistSeesTheirPracticesPatientsOnly() {
		Fixtures.InvitedPatient ours = this.fixtures.invitedPatient(this.practice);
		Fixtures.InvitedPatient theirs = this.fixtures.invitedPatient(this.otherPractice);
		Visitor receptionist = signedIn(this.fixtures.staff(this.practice, StaffRole.RECEPTIONIST));

		Page list = receptionist.get("/practice");

		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body()).contains(ours.id().toString()).doesNotContain(theirs.id().toString());
		assertThat(list.body()).doesNotContain("Manage staff");
	}

	@Autowired
	private Practices practices;

	/**
	 * A practice of any size opens its home page at the same cost: fifty patients a page,
	 * newest first, and the gate decides (and the audit records) only for those shown.
	 */
	@Test
	void thePatientListComesFiftyAtATimeAndOnlyThoseShownAreOpened() {
		Set<String> enrolled = new HashSet<>();
		for (int i = 0; i < 120; i++) {
			enrolled.add(this.practices.registerPatient(Fixtures.REGISTRAR, this.practice.id(),
					new NewPatient(Fixtures.uniqueNhi(), "Listed" + i, "Paged" + i, LocalDate.of(1980, 1, 1 + i % 28),
							null))
				.value()
				.toString());
		}
		Fixtures.TestAccount receptionistAccount = this.fixtures.staff(this.practice, StaffRole.RECEPTIONIST);
		Visitor receptionist = signedIn(receptionistAccount);

		Page first = receptionist.get("/practice");
		assertThat(first.body()).contains("The 50 most recently enrolled of your practice&#39;s 120 patients");
		assertThat(opened(receptionistAccount)).as("decisions for the first page only").isEqualTo(50);
		Set<String> seen = new HashSet<>(patientsOn(first));
		assertThat(seen).hasSize(50);

		Page second = receptionist.get(nextPage(first));
		Page third = receptionist.get(nextPage(second));
		assertThat(patientsOn(second)).hasSize(50).doesNotContainAnyElementsOf(seen);
		seen.addAll(patientsOn(second));
		assertThat(patientsOn(third)).hasSize(20).doesNotContainAnyElementsOf(seen);
		seen.addAll(patientsOn(third));
		assertThat(third.body()).doesNotContain("Next 50 patients").contains("Back to the first page");
		assertThat(seen).isEqualTo(enrolled);
		assertThat(opened(receptionistAccount)).isEqualTo(120);

		assertThat(receptionist.get("/practice?after=not-a-place").status()).isEqualTo(404);
	}

	private int opened(Fixtures.TestAccount staff) {
		return this.jdbc.sql("select count(*) from audit_event where account_id = :a and action = 'READ_DEMOGRAPHICS'")
			.param("a", staff.id().value())
			.query(Integer.class)
			.single();
	}

	private static java.util.List<String> patientsOn(Page page) {
		Matcher link = Pattern.compile("href=\"/practice/patients/([0-9a-f-]{36})\"").matcher(page.body());
		java.util.List<String> ids = new java.util.ArrayList<>();
		while (link.find()) {
			ids.add(link.group(1));
		}
		return ids;
	}

	private static String nextPage(Page page) {
		Matcher next = Pattern.compile("href=\"(/practice\\?after=[0-9_a-f-]+)\">Next 50 patients").matcher(page.body());
		assertThat(next.find()).as("a next page link").isTrue();
		return next.group(1);
	}

	@Test
	void invitingAnotherPracticesPatientAnswersExactlyLikeAMissingPatient() {
		Fixtures.InvitedPatient theirs = this.fixtures.invitedPatient(this.otherPractice);
		Visitor doctor = signedIn(this.fixtures.staff(this.practice, StaffRole.DOCTOR));

		Page foreign = doctor.get("/practice/patients/" + theirs.id() + "/invite");
		Page missing = doctor.get("/practice/patients/" + UUID.randomUUID() + "/invite");
		Page foreignPost = doctor.submit("/practice", "/practice/patients/" + theirs.id() + "/invite",
				Map.of("email", "someone@example.org"));

		assertThat(foreign.status()).isEqualTo(404);
		assertThat(missing.status()).isEqualTo(404);
		assertThat(foreignPost.status()).isEqualTo(404);
		assertThat(strip(foreign.body())).isEqualTo(strip(missing.body()));
		assertThat(foreign.body()).doesNotContain(theirs.email());
		assertThat(this.jdbc.sql("select count(*) from invitation where holder_id = :id")
			.param("id", theirs.id().value())
			.query(Integer.class)
			.single()).as("only the fixture's own invitation").isEqualTo(1);
	}

	@Test
	void staffInviteAPatientAndTheCodeWorks() {
		Fixtures.InvitedPatient patient = this.fixtures.invitedPatient(this.practice);
		Visitor nurse = signedIn(this.fixtures.staff(this.practice, StaffRole.NURSE));

		Page invited = nurse.submit("/practice/patients/" + patient.id() + "/invite",
				"/practice/patients/" + patient.id() + "/invite", Map.of("email", patient.email()));

		assertThat(invited.status()).isEqualTo(200);
		String code = invited.body().replaceAll("(?s).*id=\"invitation-code\">([A-Z0-9-]+)<.*", "$1");
		assertThat(code).matches("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}");
		Page redeemed = visitor().submit("/invitation", "/invitation",
				Map.of("code", code, "day", String.valueOf(patient.birthDate().getDayOfMonth()), "month",
						String.valueOf(patient.birthDate().getMonthValue()), "year",
						String.valueOf(patient.birthDate().getYear()), "password", "river stones and tea",
						"confirmation", "river stones and tea"));
		assertThat(redeemed.redirect()).isEqualTo("/enrol");
	}

	@Test
	void patientsCannotReachPracticePages() {
		Visitor patient = signedIn(this.fixtures.patient(this.practice));

		assertThat(patient.get("/practice").status()).isEqualTo(403);
		assertThat(patient.get("/practice/staff").status()).isEqualTo(403);
	}

	@Test
	void staffCannotReachPatientPages() {
		Visitor doctor = signedIn(this.fixtures.staff(this.practice, StaffRole.DOCTOR));

		assertThat(doctor.get("/patient").status()).isEqualTo(403);
	}

	@Test
	void onlyAdministratorsManageStaff() {
		Visitor doctor = signedIn(this.fixtures.staff(this.practice, StaffRole.DOCTOR));

		assertThat(doctor.get("/practice/staff").status()).isEqualTo(403);
		Page post = doctor.submit("/practice", "/practice/staff",
				Map.of("name", "Intruder", "email", "intruder@example.org", "role", "PRACTICE_ADMIN"));
		assertThat(post.status()).isEqualTo(403);
		assertThat(this.jdbc.sql("select count(*) from staff_member where email = 'intruder@example.org'")
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void administratorAddsAStaffMemberWhoSetsUpTheirAccount() {
		Visitor admin = signedIn(this.practice.admin());
		String email = "new.nurse." + UUID.randomUUID().toString().substring(0, 6) + "@example.org";

		Page added = admin.submit("/practice/staff", "/practice/staff",
				Map.of("name", "Nurse Newcomer", "email", email, "role", "NURSE"));

		assertThat(added.status()).isEqualTo(200);
		String code = added.body().replaceAll("(?s).*id=\"invitation-code\">([A-Z0-9-]+)<.*", "$1");
		Page redeemed = visitor().submit("/invitation/staff", "/invitation/staff", Map.of("code", code, "email",
				email.toUpperCase(), "password", "river stones and tea", "confirmation", "river stones and tea"));
		assertThat(redeemed.redirect()).isEqualTo("/enrol");
		Page duplicate = admin.submit("/practice/staff", "/practice/staff",
				Map.of("name", "Nurse Twice", "email", email, "role", "NURSE"));
		assertThat(duplicate.body()).contains("already uses that e-mail address");
	}

	@Test
	void endingAStaffMembersAccessEndsTheirSessions() {
		Fixtures.TestAccount doctor = this.fixtures.staff(this.practice, StaffRole.DOCTOR);
		Visitor doctorSession = signedIn(doctor);
		Visitor admin = signedIn(this.practice.admin());

		Page removed = admin.submit("/practice/staff", "/practice/staff/" + doctor.holderId() + "/remove", Map.of());

		assertThat(removed.redirect()).isEqualTo("/practice/staff?removed");
		assertThat(doctorSession.get("/practice").redirect()).isEqualTo("/signin");
		assertThat(visitor().signIn(doctor.username(), doctor.password()).redirect()).isEqualTo("/signin?error");
	}

	@Test
	void anAdministratorCannotEndAnotherPracticesStaff() {
		Fixtures.TestAccount theirs = this.fixtures.staff(this.otherPractice, StaffRole.DOCTOR);
		Visitor admin = signedIn(this.practice.admin());

		Page attempt = admin.submit("/practice/staff", "/practice/staff/" + theirs.holderId() + "/remove", Map.of());

		assertThat(attempt.status()).isEqualTo(404);
		assertThat(signedIn(theirs).get("/practice").status()).isEqualTo(200);
	}

	@Test
	void aReceptionistCannotTellAnotherPracticesPatientFromAnUnknownNhiAndBothLookupsAreRecorded() {
		Fixtures.TestAccount receptionist = this.fixtures.staff(this.practice, StaffRole.RECEPTIONIST);
		Fixtures.InvitedPatient theirs = this.fixtures.invitedPatient(this.otherPractice);
		String registered = this.fixtures.nhiOf(new nz.tiaki.shared.ids.PatientId(theirs.id().value()));
		String unknown = Fixtures.uniqueNhi().value();
		Visitor visitor = signedIn(receptionist);

		Page elsewhere = visitor.get("/practice/find?nhi=" + registered);
		Page nowhere = visitor.get("/practice/find?nhi=" + unknown);

		assertThat(elsewhere.status()).isEqualTo(200);
		assertThat(strip(elsewhere.body()).replace(registered, "NHI")).isEqualTo(strip(nowhere.body()).replace(unknown, "NHI"));
		assertThat(elsewhere.body()).contains("is enrolled at your practice").doesNotContain("emergency");
		assertThat(this.jdbc.sql("""
				select count(*) from audit_event where account_id = :a and decision = 'DENY' and action = 'READ_DEMOGRAPHICS'
				""").param("a", receptionist.id().value()).query(Integer.class).single()).isEqualTo(2);
	}

	private static String strip(String body) {
		return body.replaceAll("value=\"[^\"]*\"", "")
			.replaceAll("content=\"[^\"]*\"", "")
			.replaceAll("Reference: <strong>[A-Z0-9-]+</strong>", "");
	}

}
