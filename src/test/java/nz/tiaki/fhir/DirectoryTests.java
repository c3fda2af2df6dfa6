package nz.tiaki.fhir;

import java.util.List;
import java.util.Map;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.nimbusds.jose.jwk.RSAKey;
import nz.tiaki.apps.Apps;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.support.Fixtures;
import nz.tiaki.support.PortalTest;
import nz.tiaki.support.SmartApp;
import nz.tiaki.support.Visitor;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The practice directory over FHIR: a patient's app sees its patient's practice and that
 * practice's doctors and nurses (names and roles only, never receptionists or contact
 * details); a practice's system sees its own; neither sees another practice's staff
 * (FHIR R4 Organization, Practitioner, PractitionerRole; HIPC rule 11).
 */
class DirectoryTests extends PortalTest {

	@Autowired
	private Apps apps;

	@Test
	void aPatientsAppSeesTheirPracticeAndItsCliniciansOnly() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		this.fixtures.staff(practice, StaffRole.RECEPTIONIST);
		Fixtures.TestAccount patient = this.fixtures.patient(practice);
		Fixtures.TestPractice other = this.fixtures.practice();
		Fixtures.TestAccount otherDoctor = this.fixtures.staff(other, StaffRole.DOCTOR);
		SmartApp app = new SmartApp(ORIGIN, this.apps.registerPatientApp("Directory app", List.of(SmartApp.REDIRECT)));
		IGenericClient fhir = app.fhir(app.connect(signedIn(patient), "launch/patient patient/*.rs").accessToken());

		Bundle organizations = fhir.search().forResource(Organization.class).returnBundle(Bundle.class).execute();
		assertThat(organizations.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
			.containsExactly(practice.id().value().toString());
		Bundle practitioners = fhir.search().forResource(Practitioner.class).returnBundle(Bundle.class).execute();
		assertThat(practitioners.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
			.containsExactly(doctor.holderId().toString());
		assertThat(((Practitioner) practitioners.getEntryFirstRep().getResource()).getTelecom()).isEmpty();
		Bundle roles = fhir.search().forResource(PractitionerRole.class).returnBundle(Bundle.class).execute();
		assertThat(((PractitionerRole) roles.getEntryFirstRep().getResource()).getCodeFirstRep().getCodingFirstRep()
			.getCode()).isEqualTo("doctor");
		assertThatThrownBy(() -> fhir.read().resource(Practitioner.class).withId(otherDoctor.holderId().toString()).execute())
			.isInstanceOf(ResourceNotFoundException.class);
		assertThatThrownBy(() -> fhir.read().resource(Organization.class).withId(other.id().value().toString()).execute())
			.isInstanceOf(ResourceNotFoundException.class);
	}

	@Test
	void aPracticeSystemSeesItsOwnPractice() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount nurse = this.fixtures.staff(practice, StaffRole.NURSE);
		RSAKey key = SmartApp.newKey();
		SmartApp system = new SmartApp(ORIGIN,
				this.apps.registerPracticeSystem(practice.id(), "Directory PMS", key.toPublicJWK().toJSONString()));
		IGenericClient fhir = system.fhir(system.systemToken(key, "system/*.rs").accessToken());
		assertThat(fhir.read().resource(Organization.class).withId(practice.id().value().toString()).execute().getName())
			.isNotBlank();
		assertThat(fhir.read().resource(Practitioner.class).withId(nurse.holderId().toString()).execute().getNameFirstRep()
			.getText()).isNotBlank();
	}

	@Test
	void thePracticesHpiIdentifiersAreCheckedOnEntryAndGivenOnItsResources() {
		Fixtures.TestPractice practice = this.fixtures.practice();
		Fixtures.TestAccount doctor = this.fixtures.staff(practice, StaffRole.DOCTOR);
		Visitor admin = signedIn(practice.admin());

		assertThat(admin.submit("/practice/staff", "/practice/staff/hpi",
				Map.of("organisationId", "G00001-E", "facilityId", "F04066-D")).body())
			.as("a wrong check letter is refused and nothing is kept")
			.contains("This is not a valid HPI organisation id: its check letter does not match.");
		assertThat(admin.submit("/practice/staff", "/practice/staff/hpi-person",
				Map.of("staff", doctor.holderId().toString(), "cpn", "ZAA0024")).body())
			.contains("An HPI number (CPN) is two digits then four letters");
		assertThat(admin.submit("/practice/staff", "/practice/staff/hpi",
				Map.of("organisationId", "g0m086-b", "facilityId", "F04066-D")).redirect())
			.isEqualTo("/practice/staff?hpi");
		assertThat(admin.submit("/practice/staff", "/practice/staff/hpi-person",
				Map.of("staff", doctor.holderId().toString(), "cpn", "99ZZZS")).redirect())
			.isEqualTo("/practice/staff?hpi");
		assertThat(signedIn(doctor).get("/practice/staff").status()).as("only the practice's administrator")
			.isEqualTo(403);

		RSAKey key = SmartApp.newKey();
		SmartApp system = new SmartApp(ORIGIN,
				this.apps.registerPracticeSystem(practice.id(), "HPI PMS", key.toPublicJWK().toJSONString()));
		IGenericClient fhir = system.fhir(system.systemToken(key, "system/*.rs").accessToken());
		Organization organization = fhir.read()
			.resource(Organization.class)
			.withId(practice.id().value().toString())
			.execute();
		assertThat(organization.getIdentifier()).extracting(i -> i.getSystem() + "|" + i.getValue())
			.containsExactly("https://standards.digital.health.nz/ns/hpi-organisation-id|G0M086-B",
					"https://standards.digital.health.nz/ns/hpi-facility-id|F04066-D");
		Practitioner practitioner = fhir.read().resource(Practitioner.class).withId(doctor.holderId().toString()).execute();
		assertThat(practitioner.getIdentifierFirstRep().getSystem())
			.isEqualTo("https://standards.digital.health.nz/ns/hpi-person-id");
		assertThat(practitioner.getIdentifierFirstRep().getValue()).isEqualTo("99ZZZS");
	}

}
