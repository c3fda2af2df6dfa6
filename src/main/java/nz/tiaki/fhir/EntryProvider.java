package nz.tiaki.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import nz.tiaki.records.Category;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * What every provider of one kind of clinical entry shares: its type and the read (and
 * vread) through the records facade. Each subclass declares its own search, since the
 * parameters a type is searched by differ and HAPI reads them from the method.
 */
abstract class EntryProvider implements IResourceProvider, EverythingSource, ReadsById {

	protected final EntryQueries queries;

	private final Class<? extends Resource> type;

	private final Category category;

	EntryProvider(EntryQueries queries, Class<? extends Resource> type, Category category) {
		this.queries = queries;
		this.type = type;
		this.category = category;
	}

	@Override
	public Class<? extends IBaseResource> getResourceType() {
		return this.type;
	}

	@Override
	public String resourceType() {
		return this.type.getSimpleName();
	}

	@Override
	@Read(version = true)
	public Resource read(@IdParam IdType id, RequestDetails request) {
		return this.queries.read(request, id, this.category);
	}

}
