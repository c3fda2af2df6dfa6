package nz.tiaki.fhir;

import java.util.List;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import nz.tiaki.apps.SmartScope;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.PractitionerRole;

import org.springframework.stereotype.Component;

/**
 * {@code PractitionerRole}: what each of those clinicians is at their practice.
 */
@Component
class PractitionerRoleProvider implements IResourceProvider, ReadsById {

	private final Callers callers;

	private final DirectoryProvider directory;

	PractitionerRoleProvider(Callers callers, DirectoryProvider directory) {
		this.callers = callers;
		this.directory = directory;
	}

	@Override
	public Class<? extends IBaseResource> getResourceType() {
		return PractitionerRole.class;
	}

	@Read(version = true)
	public PractitionerRole read(@IdParam IdType id, RequestDetails request) {
		this.callers.require(request, "PractitionerRole", SmartScope.Permission.READ);
		return (PractitionerRole) DirectoryProvider.one(id, this.directory.roles(request));
	}

	@Search
	public List<IBaseResource> search(RequestDetails request) {
		this.callers.require(request, "PractitionerRole", SmartScope.Permission.SEARCH);
		return List.copyOf(this.directory.roles(request));
	}

	@Override
	public String resourceType() {
		return "PractitionerRole";
	}

}
