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
import org.hl7.fhir.r4.model.Organization;

import org.springframework.stereotype.Component;

/**
 * {@code Organization}: the practices the caller may see.
 */
@Component
class OrganizationProvider implements IResourceProvider, ReadsById {

	private final Callers callers;

	private final DirectoryProvider directory;

	OrganizationProvider(Callers callers, DirectoryProvider directory) {
		this.callers = callers;
		this.directory = directory;
	}

	@Override
	public Class<? extends IBaseResource> getResourceType() {
		return Organization.class;
	}

	@Read(version = true)
	public Organization read(@IdParam IdType id, RequestDetails request) {
		this.callers.require(request, "Organization", SmartScope.Permission.READ);
		return (Organization) DirectoryProvider.one(id, this.directory.organizations(request));
	}

	@Search
	public List<IBaseResource> search(RequestDetails request) {
		this.callers.require(request, "Organization", SmartScope.Permission.SEARCH);
		return List.copyOf(this.directory.organizations(request));
	}

	@Override
	public String resourceType() {
		return "Organization";
	}

}
