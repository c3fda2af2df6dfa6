package nz.tiaki.patients;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.Subject;
import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.identity.AccountHolder;
import nz.tiaki.identity.AccountId;
import nz.tiaki.identity.Invitations;
import nz.tiaki.identity.Redemption;
import nz.tiaki.records.Records;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.Visitor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Parents of young children: the practice links a parent to a child's record; the link ends
 * by itself on the birthday at the practice's age (default 14) unless the young person lets
 * it continue; only the practice sets it up or ends it early (HIPC 2020 rule 11 and
 * section 22 representatives; ASVS 5.0 V8.2).
 */
class ParentLinksTests extends PortalTest {

	private static final ZoneId ZONE = ZoneId.of("Pacific/Auckland");

	@Autowired
	private Practices practices;

	@Autowired
	private Invitations invitations;

	@Autowired
	private ProxyArrangements proxies;

	@Autowired
	private Records records;

	private Fixtures.TestPractice practice;

	private Fixtures.TestAccount parent;

	private Fixtures.TestAccount receptionist;

	@BeforeEach
	void aPracticeAndAParent() {
		this.practice = this.fixtures.practice();
		this.parent = this.fixtures.patient(this.practice);
		this.receptionist = this.fixtures.staff(this.practice, StaffRole.RECEPTIONIST);
	}

	/** A child who turns 14 in the given number of days. */
	private PatientId childTurning14In(int days) {
		LocalDate born = LocalDate.now(this.clock.withZone(ZONE)).plusDays(days).minusYears(14);
		return this.practices.registerPatient(Fixtures.REGISTRAR, this.practice.id(),
				new NewPatient(Fixtures.uniqueNhi(), "Tama", "Child", born, null));
	}

	private Subject childWithAccount(PatientId child, LocalDate born) {
		String email = "child-" + UUID.randomUUID() + "@example.org";
		var invitation = this.invitations.issue(AccountHolder.patient(child.value()), born, email, null);
		AccountId account = this.invitations.redeem(new Redemption(invitation.code(), born, null,
				Fixtures.PASSWORD, Fixtures.PASSWORD));
		return new Subject(Subject.Kind.PATIENT, child.value(), account.value());
	}

	private Visitor.Page link(Visitor desk, PatientId child, String email, boolean checked) {
		String page = "/practice/patients/" + child.value();
		return desk.submit(page, page + "/parent-links",
				checked ? Map.of("email", email, "checked", "true") : Map.of("email", email));
	}

	@Test
	void theFrontDeskLinksAParentAndTheLinkEndsOnTheFourteenthBirthday() {
		PatientId child = childTurning14In(30);
		Visitor desk = signedIn(this.receptionist);
		assertThat(link(desk, child, this.parent.username(), false).body()).contains("Confirm you have checked");
		assertThat(link(desk, child, "nobody-" + UUID.randomUUID() + "@example.org", true).body())
			.contains("could not find a Tiaki account");
		assertThat(link(desk, child, this.parent.username(), true).redirect())
			.isEqualTo("/practice/patients/" + child.value() + "?linked");
		assertThat(desk.get("/practice/patients/" + child.value()).body()).contains(this.parent.username())
			.contains("Ends on");

		Subject parent = Fixtures.patientSubject(this.parent);
		assertThat(this.proxies.received(parent)).extracting(ProxyArrangements.Received::patient).contains(child);
		assertThat(this.records.summary(parent, child)).as("full access while the child is young").isNotNull();

		this.clock.advance(Duration.ofDays(31));
		assertThatThrownBy(() -> this.records.summary(parent, child)).as("ended on the birthday")
			.isInstanceOf(AccessDenied.class);
		assertThat(this.proxies.received(parent)).extracting(ProxyArrangements.Received::patient)
			.doesNotContain(child);
	}

	@Test
	void theYoungPersonMayLetItContinueButNotCutItShort() {
		PatientId child = childTurning14In(20);
		this.proxies.linkParent(Fixtures.staffSubject(this.receptionist), child, this.parent.username(), 14);
		Subject young = childWithAccount(child, LocalDate.now(this.clock.withZone(ZONE)).plusDays(20).minusYears(14));
		ProxyArrangements.Given link = this.proxies.given(young).get(0);
		assertThat(link.parentLink()).isTrue();

		assertThat(this.proxies.revoke(young, link.id())).as("only the practice ends a parent link early").isFalse();
		assertThat(this.proxies.continueParentLink(young, link.id())).isTrue();
		this.clock.advance(Duration.ofDays(60));
		assertThat(this.records.summary(Fixtures.patientSubject(this.parent), child)).as("continued past 14")
			.isNotNull();
		ProxyArrangements.Given continued = this.proxies.given(young).get(0);
		assertThat(continued.parentLink()).isFalse();
		assertThat(continued.until()).isNull();
		assertThat(this.proxies.revoke(young, continued.id())).as("now theirs to end").isTrue();
		assertThatThrownBy(() -> this.records.summary(Fixtures.patientSubject(this.parent), child))
			.isInstanceOf(AccessDenied.class);
	}

	@Test
	void aChildAlreadyThatAgeCannotBeLinkedAndThePracticeChoosesTheAge() {
		PatientId fifteen = childTurning14In(-365);
		assertThatThrownBy(() -> this.proxies.linkParent(Fixtures.staffSubject(this.receptionist), fifteen,
				this.parent.username(), 14))
			.isInstanceOf(ProxyRefused.class)
			.hasMessageContaining("already 14 or older");

		Visitor desk = signedIn(this.receptionist);
		assertThat(desk.postForm("/practice/staff/parent-link-age",
				Map.of("age", "16", "_csrf", desk.get("/practice").csrf().orElseThrow())).status())
			.as("administrators only").isEqualTo(403);
		Visitor admin = signedIn(this.practice.admin());
		assertThat(admin.submit("/practice/staff", "/practice/staff/parent-link-age", Map.of("age", "30")).body())
			.contains("from 12 to 16");
		assertThat(admin.submit("/practice/staff", "/practice/staff/parent-link-age", Map.of("age", "16")).redirect())
			.isEqualTo("/practice/staff?age");
		assertThat(this.practices.parentLinkAge(this.practice.id())).isEqualTo(16);

		assertThat(link(desk, fifteen, this.parent.username(), true).redirect()).as("under 16 now")
			.endsWith("?linked");
		Visitor.Page page = desk.get("/practice/patients/" + fifteen.value());
		String linkId = page.body().replaceAll("(?s).*parent-links/([0-9a-f-]{36})/end.*", "$1");
		assertThat(desk.submit("/practice/patients/" + fifteen.value(),
				"/practice/patients/" + fifteen.value() + "/parent-links/" + linkId + "/end", Map.of()).redirect())
			.endsWith("?unlinked");
		assertThatThrownBy(() -> this.records.summary(Fixtures.patientSubject(this.parent), fifteen))
			.isInstanceOf(AccessDenied.class);
	}

}
