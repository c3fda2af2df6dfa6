package nz.tiaki.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import jakarta.servlet.http.HttpServletRequest;
import nz.tiaki.apps.AppAccess;
import nz.tiaki.apps.SmartScope;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last check before a response leaves: every resource in it must be of a type the
 * token's scopes allow, and for a patient's app must belong to its launch patient. The
 * providers already ensure both; this is the second lock on the door, so that a mistake in
 * one of them withholds the response instead of leaking another patient's data.
 */
class ResponseCheck {

	private static final Logger log = LoggerFactory.getLogger(ResponseCheck.class);

	private static final Set<String> FREE = Set.of("OperationOutcome", "CapabilityStatement", "OperationDefinition", "Bundle");

	/** Resources outside any patient's compartment: the practice directory. */
	private static final Set<String> DIRECTORY = Set.of("Organization", "Practitioner", "PractitionerRole", "Slot");

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean check(RequestDetails request, ResponseDetails response, HttpServletRequest servletRequest) {
		IBaseResource body = response.getResponseResource();
		if (body == null || !(servletRequest.getAttribute(Callers.ATTRIBUTE) instanceof AppAccess caller)) {
			return true;
		}
		for (Resource resource : resources(body)) {
			String type = resource.fhirType();
			if (FREE.contains(type)) {
				continue;
			}
			String scopeType = type.equals("Binary") ? "DocumentReference" : type;
			boolean inScope = caller.allows(scopeType, SmartScope.Permission.READ)
					|| caller.allows(scopeType, SmartScope.Permission.SEARCH);
			boolean ownPatient = caller.patient() == null || type.equals("Binary") || DIRECTORY.contains(type)
					|| ("Patient/" + caller.patient().value()).equals(patientOf(resource));
			if (!inScope || !ownPatient) {
				log.error("A FHIR response was withheld: a {} outside the caller's {}", type,
						inScope ? "patient" : "scopes");
				throw new InternalErrorException("The response was withheld.");
			}
		}
		return true;
	}

	private static List<Resource> resources(IBaseResource body) {
		List<Resource> all = new ArrayList<>();
		if (body instanceof Bundle bundle) {
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				if (entry.getResource() != null) {
					all.addAll(resources(entry.getResource()));
				}
			}
		}
		else if (body instanceof Resource resource) {
			all.add(resource);
		}
		return all;
	}

	static String patientOf(Resource resource) {
		Reference reference = resource instanceof Patient patient
				? new Reference("Patient/" + patient.getIdElement().getIdPart()) : EntryQueries.patientReference(resource);
		if (reference == null || reference.getReferenceElement().isEmpty()) {
			return null;
		}
		return reference.getReferenceElement().getResourceType() + "/" + reference.getReferenceElement().getIdPart();
	}

}
