package nz.tiaki.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import nz.tiaki.access.AccessGate;
import nz.tiaki.access.Action;
import nz.tiaki.apps.AppAccess;
import nz.tiaki.apps.SmartScope;
import nz.tiaki.shared.ids.PatientId;

import org.hl7.fhir.r4.model.IdType;

import org.springframework.stereotype.Component;

/**
 * Who is calling the FHIR API, and the checks every provider makes before it asks a
 * facade: the token's scopes, and for a patient's app, that the patient asked about is the
 * one the app was launched for (any other answers exactly like a missing one, and is
 * recorded as a denial).
 */
@Component
class Callers {

	/** The request attribute under which the token filter leaves the caller. */
	static final String ATTRIBUTE = AppAccess.class.getName();

	private final AccessGate gate;

	Callers(AccessGate gate) {
		this.gate = gate;
	}

	/**
	 * @param request the FHIR request
	 * @return the caller
	 * @throws AuthenticationException when no live token came with it
	 */
	AppAccess current(RequestDetails request) {
		if (request instanceof ServletRequestDetails servlet
				&& servlet.getServletRequest().getAttribute(ATTRIBUTE) instanceof AppAccess access) {
			return access;
		}
		throw new AuthenticationException("A valid access token is needed.");
	}

	/**
	 * @param request the FHIR request
	 * @param type a resource type
	 * @param permission what is asked
	 * @return the caller, whose scopes allow it
	 * @throws ForbiddenOperationException when they do not
	 */
	AppAccess require(RequestDetails request, String type, SmartScope.Permission permission) {
		AppAccess caller = current(request);
		if (!caller.allows(type, permission)) {
			throw new ForbiddenOperationException("This app was not given access to " + type + ".");
		}
		return caller;
	}

	/**
	 * Turns a patient reference into the patient, refusing anything outside the caller's
	 * launch context as if it did not exist.
	 * @param caller the caller
	 * @param reference {@code Patient/ID}, or the bare id
	 * @param action what the caller wants, for the audit of a refusal
	 * @return the patient
	 * @throws ResourceNotFoundException when it is malformed or outside the context
	 */
	PatientId patient(AppAccess caller, String reference, Action action) {
		String raw = reference == null ? "" : reference.strip();
		if (raw.startsWith("Patient/")) {
			raw = raw.substring("Patient/".length());
		}
		PatientId patient;
		try {
			patient = new PatientId(java.util.UUID.fromString(raw));
		}
		catch (IllegalArgumentException ex) {
			this.gate.recordUnknown(caller.subject(), action, "fhir:Patient/" + shortened(raw));
			throw new ResourceNotFoundException(new IdType("Patient", shortened(raw)));
		}
		if (caller.patient() != null && !caller.patient().equals(patient)) {
			this.gate.recordUnknown(caller.subject(), action, "fhir:Patient/" + patient.value());
			throw new ResourceNotFoundException(new IdType("Patient", patient.value().toString()));
		}
		return patient;
	}

	static String shortened(String raw) {
		String clean = raw.replaceAll("[^A-Za-z0-9\\-.]", "");
		return clean.length() > 64 ? clean.substring(0, 64) : clean;
	}

}
