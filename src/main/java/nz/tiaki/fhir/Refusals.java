package nz.tiaki.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.ReasonRequired;
import nz.tiaki.access.SessionLocked;
import nz.tiaki.access.StepUpRequired;
import nz.tiaki.documents.DocumentsUnavailable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the gate's and the guard's refusals into FHIR answers with an OperationOutcome: a
 * denial is a 404 like a missing resource; a spent budget or a lock is a 403 saying what to
 * do; a dependency that is down (the malware scanner) is a 503 to retry; anything
 * unexpected is a 500 that names nothing of the data.
 */
class Refusals {

	/** 503: try again later. */
	static final class Unavailable extends BaseServerResponseException {

		private static final long serialVersionUID = 1L;

		Unavailable(String message) {
			super(503, message);
		}

	}

	private static final Logger log = LoggerFactory.getLogger(Refusals.class);

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException refusal(RequestDetails request, Throwable thrown, HttpServletRequest servletRequest,
			HttpServletResponse servletResponse) {
		Throwable cause = thrown;
		while (cause != null) {
			if (cause instanceof AccessDenied) {
				return new ResourceNotFoundException("Not found.");
			}
			if (cause instanceof SessionLocked) {
				return new ForbiddenOperationException("This app's access is locked because of unusual activity. "
						+ "The practice has been alerted; the patient can reconnect the app once it is cleared.");
			}
			if (cause instanceof StepUpRequired) {
				return new ForbiddenOperationException("Too many documents were opened in a short time. Open "
						+ "Tiaki in a browser and sign in again to confirm it is you, then try again.");
			}
			if (nz.tiaki.shared.web.DatabaseOutage.caused(cause)) {
				return new Unavailable("The service is unavailable for a moment. Nothing was changed; try again shortly.");
			}
			if (cause instanceof ca.uhn.fhir.parser.DataFormatException) {
				return new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException(
						"A parameter or the body is not in the form FHIR R4 expects (a date must look like 2026-11-28, "
								+ "with an optional prefix such as ge). Nothing was done.");
			}
			if (cause instanceof DocumentsUnavailable) {
				return new Unavailable(cause.getMessage() + " Nothing was stored.");
			}
			if (cause instanceof ReasonRequired) {
				return new ForbiddenOperationException("A reason is needed before more records are opened.");
			}
			if (cause instanceof BaseServerResponseException answer && !(answer instanceof InternalErrorException)) {
				return answer;
			}
			cause = cause.getCause() == cause ? null : cause.getCause();
		}
		Throwable root = thrown;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		StackTraceElement where = root.getStackTrace().length > 0 ? root.getStackTrace()[0] : null;
		log.warn("FHIR request failed: {} at {}", root.getClass().getName(), where);
		return new InternalErrorException("The request could not be completed.");
	}

}
