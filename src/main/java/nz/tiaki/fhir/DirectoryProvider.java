package nz.tiaki.fhir;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import nz.tiaki.apps.AppAccess;
import nz.tiaki.apps.Apps;
import nz.tiaki.clinics.Hpi;
import nz.tiaki.clinics.Practices;
import nz.tiaki.clinics.StaffMember;
import nz.tiaki.clinics.StaffRole;
import nz.tiaki.shared.ids.PracticeId;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import org.springframework.stereotype.Component;

/**
 * The practice directory a caller may see: a patient's app sees the practices its patient is
 * enrolled at and their doctors and nurses; a practice's system sees its own. Names and roles
 * only — no contact details of staff.
 */
@Component
class DirectoryProvider {

	private final Callers callers;

	private final Practices practices;

	private final Apps apps;

	DirectoryProvider(Callers callers, Practices practices, Apps apps) {
		this.callers = callers;
		this.practices = practices;
		this.apps = apps;
	}

	/**
	 * @param request the request
	 * @return the practices the caller may see
	 */
	Set<PracticeId> visiblePractices(RequestDetails request) {
		AppAccess caller = this.callers.current(request);
		if (caller.patient() != null) {
			return new LinkedHashSet<>(this.practices.practicesOf(caller.patient()));
		}
		return this.apps.practiceOf(caller.clientId()).map(Set::of).orElse(Set.of());
	}

	List<Resource> organizations(RequestDetails request) {
		List<Resource> found = new ArrayList<>();
		for (PracticeId practice : visiblePractices(request)) {
			found.add(organization(practice));
		}
		return found;
	}

	List<Resource> practitioners(RequestDetails request) {
		List<Resource> found = new ArrayList<>();
		for (PracticeId practice : visiblePractices(request)) {
			for (StaffMember member : this.practices.clinicians(practice)) {
				found.add(practitioner(member));
			}
		}
		return found;
	}

	List<Resource> roles(RequestDetails request) {
		List<Resource> found = new ArrayList<>();
		for (PracticeId practice : visiblePractices(request)) {
			for (StaffMember member : this.practices.clinicians(practice)) {
				found.add(role(member));
			}
		}
		return found;
	}

	/**
	 * @param id the resource asked for
	 * @param all what the caller may see of its type
	 * @return the one asked for
	 * @throws ResourceNotFoundException when the caller may not see it or it does not exist
	 */
	static Resource one(IdType id, List<Resource> all) {
		return all.stream()
			.filter(resource -> resource.getIdElement().getIdPart().equals(id.getIdPart()))
			.findFirst()
			.orElseThrow(() -> new ResourceNotFoundException(id));
	}

	private Organization organization(PracticeId practice) {
		Organization organization = new Organization();
		organization.setId(new IdType("Organization", practice.value().toString()));
		organization.getMeta().setVersionId("1");
		organization.setActive(true);
		organization.setName(this.practices.name(practice));
		organization.addType(new CodeableConcept(
				new Coding("http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider")));
		Practices.PracticeHpi hpi = this.practices.hpi(practice);
		if (hpi.organisationId() != null) {
			organization.addIdentifier()
				.setUse(org.hl7.fhir.r4.model.Identifier.IdentifierUse.OFFICIAL)
				.setSystem(Hpi.ORGANISATION_SYSTEM)
				.setValue(hpi.organisationId());
		}
		if (hpi.facilityId() != null) {
			organization.addIdentifier().setSystem(Hpi.FACILITY_SYSTEM).setValue(hpi.facilityId());
		}
		return organization;
	}

	private Practitioner practitioner(StaffMember member) {
		Practitioner practitioner = new Practitioner();
		practitioner.setId(new IdType("Practitioner", member.id().toString()));
		practitioner.getMeta().setVersionId("1");
		practitioner.setActive(member.active());
		this.practices.hpiPersonId(member.id())
			.ifPresent(cpn -> practitioner.addIdentifier()
				.setUse(org.hl7.fhir.r4.model.Identifier.IdentifierUse.OFFICIAL)
				.setSystem(Hpi.PERSON_SYSTEM)
				.setValue(cpn));
		practitioner.addName().setText(member.displayName());
		return practitioner;
	}

	private static PractitionerRole role(StaffMember member) {
		PractitionerRole role = new PractitionerRole();
		role.setId(new IdType("PractitionerRole", roleId(member.id())));
		role.getMeta().setVersionId("1");
		role.setActive(member.active());
		role.setPractitioner(new Reference("Practitioner/" + member.id()).setDisplay(member.displayName()));
		role.setOrganization(new Reference("Organization/" + member.practice().value()));
		String code = member.role() == StaffRole.DOCTOR ? "doctor" : "nurse";
		role.addCode(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/practitioner-role", code,
				member.role().label())));
		return role;
	}

	static String roleId(UUID staff) {
		return "role-" + staff;
	}

}
