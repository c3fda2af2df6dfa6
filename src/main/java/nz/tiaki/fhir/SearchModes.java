package nz.tiaki.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;

import org.hl7.fhir.r4.model.Bundle;

/**
 * Marks each entry of a search result as a match or as included ({@code _include},
 * {@code _revinclude}), as the specification asks, where the plain server left it unsaid.
 */
class SearchModes {

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean mark(RequestDetails request, ResponseDetails response) {
		if (!(response.getResponseResource() instanceof Bundle bundle) || bundle.getType() != Bundle.BundleType.SEARCHSET) {
			return true;
		}
		boolean operation = request.getRestOperationType() == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE
				|| request.getRestOperationType() == RestOperationTypeEnum.EXTENDED_OPERATION_TYPE;
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getResource() == null || entry.getSearch().hasMode()) {
				continue;
			}
			boolean match = operation || entry.getResource().fhirType().equals(request.getResourceName());
			entry.getSearch().setMode(match ? Bundle.SearchEntryMode.MATCH : Bundle.SearchEntryMode.INCLUDE);
		}
		return true;
	}

}
