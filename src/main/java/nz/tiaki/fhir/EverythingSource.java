package nz.tiaki.fhir;

import java.util.List;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A provider whose resources belong in {@code Patient/$everything}.
 */
interface EverythingSource {

	/**
	 * @return the resource type it serves
	 */
	String resourceType();

	/**
	 * @param patient whose
	 * @param request the request (the caller and its scopes)
	 * @return everything of that patient's the caller may see
	 */
	List<IBaseResource> of(ReferenceParam patient, RequestDetails request);

}
