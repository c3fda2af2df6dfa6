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
import org.hl7.fhir.r4.model.Practitioner;

import org.springframework.stereotype.Component;

/**
 * {@code Practitioner}: the doctors and nurses of the practices the caller may see (names only).
 */
@Component
class PractitionerProvider implements IResourceProvider, ReadsById {

	private final Callers callers;

	private final DirectoryProvider directory;

	PractitionerProvider(Callers callers, DirectoryProvider directory) {
		this.callers = callers;
		this.directory = directory;
	}

	@Override
	public Class<? extends IBaseResource> getResourceType() {
		return Practitioner.class;
	}

	@Read(version = true)
	public Practitioner read(@IdParam IdType id, RequestDetails request) {
		this.callers.require(request, "Practitioner", SmartScope.Permission.READ);
		return (Practitioner) DirectoryProvider.one(id, this.directory.practitioners(request));
	}

	@Search
	public List<IBaseResource> search(RequestDetails request) {
		this.callers.require(request, "Practitioner", SmartScope.Permission.SEARCH);
		return List.copyOf(this.directory.practitioners(request));
	}

	@Override
	public String resourceType() {
		return "Practitioner";
	}

}
