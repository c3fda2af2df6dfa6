package nz.tiaki.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;

/**
 * A provider that reads one resource by id, with every check a read makes: for turning the
 * ids a paging cursor holds back into resources, page by page.
 */
interface ReadsById {

	/**
	 * @return the resource type it reads
	 */
	String resourceType();

	/**
	 * @param id the resource's id
	 * @param request the request (the caller and its scopes)
	 * @return the resource
	 * @throws ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException when it does not
	 * exist or is not the caller's to read
	 */
	IBaseResource read(IdType id, RequestDetails request);

}
