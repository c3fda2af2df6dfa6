package nz.tiaki.fhir;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import nz.tiaki.apps.AppAccess;
import nz.tiaki.apps.Apps;
import nz.tiaki.apps.SmartScope;
import nz.tiaki.shared.ids.PracticeId;

import org.hl7.fhir.r4.model.Bundle;

import org.springframework.stereotype.Component;

/**
 * {@code POST /fhir} with a transaction bundle: a practice's system writes patients and their
 * records (see {@link BundleImport}). All of it is stored, or none of it. A batch bundle is
 * taken entry by entry.
 */
@Component
class Transactions {

	static final int MAX_ENTRIES = 5_000;

	private final Callers callers;

	private final Apps apps;

	private final BundleImport imports;

	Transactions(Callers callers, Apps apps, BundleImport imports) {
		this.callers = callers;
		this.apps = apps;
		this.imports = imports;
	}

	@Transaction
	public Bundle transaction(@TransactionParam Bundle bundle, RequestDetails request) {
		AppAccess caller = this.callers.current(request);
		PracticeId practice = caller.patient() != null ? null : this.apps.practiceOf(caller.clientId()).orElse(null);
		if (practice == null) {
			throw new ForbiddenOperationException("Only a practice's own system can write to Tiaki.");
		}
		if (bundle.getEntry().size() > MAX_ENTRIES) {
			throw new InvalidRequestException("A bundle may hold at most " + MAX_ENTRIES + " entries; send more in "
					+ "several bundles.");
		}
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getResource() != null
					&& !caller.allows(entry.getResource().fhirType(), SmartScope.Permission.CREATE)) {
				throw new ForbiddenOperationException("This system was not given write access to "
						+ entry.getResource().fhirType() + ".");
			}
		}
		if (bundle.getType() == Bundle.BundleType.BATCH) {
			return batch(caller, practice, bundle);
		}
		return this.imports.run(caller.subject(), practice, bundle, BundleImport.Mode.STRICT);
	}

	/**
	 * A batch: each entry stands alone, in a transaction of its own, and gets its own answer;
	 * one refused entry does not undo the others. Only writes are taken — reads go through
	 * read and search, where every check applies — and an entry can name its patient only by
	 * a Patient in the same entry's resource or by {@code Patient/id} of an enrolled patient.
	 */
	private Bundle batch(AppAccess caller, PracticeId practice, Bundle bundle) {
		Bundle response = new Bundle().setType(Bundle.BundleType.BATCHRESPONSE);
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Bundle.BundleEntryComponent answer = response.addEntry();
			if (entry.getResource() == null) {
				refuse(answer, "400 Bad Request", org.hl7.fhir.r4.model.OperationOutcome.IssueType.NOTSUPPORTED, "Only writes can be sent in a batch; read with read and search.");
				continue;
			}
			Bundle single = new Bundle().setType(Bundle.BundleType.TRANSACTION);
			single.addEntry(entry.copy());
			try {
				Bundle.BundleEntryComponent done = this.imports
					.run(caller.subject(), practice, single, BundleImport.Mode.STRICT)
					.getEntryFirstRep();
				answer.setResponse(done.getResponse());
			}
			catch (ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException ex) {
				answer.getResponse().setStatus("422 Unprocessable Entity").setOutcome((org.hl7.fhir.r4.model.Resource) ex
					.getOperationOutcome());
			}
			catch (nz.tiaki.documents.DocumentsUnavailable ex) {
				refuse(answer, "503 Service Unavailable", org.hl7.fhir.r4.model.OperationOutcome.IssueType.TRANSIENT, ex.getMessage() + " Nothing of this entry was stored.");
			}
		}
		return response;
	}

	private static void refuse(Bundle.BundleEntryComponent answer, String status,
			org.hl7.fhir.r4.model.OperationOutcome.IssueType type, String message) {
		org.hl7.fhir.r4.model.OperationOutcome outcome = new org.hl7.fhir.r4.model.OperationOutcome();
		outcome.addIssue()
			.setSeverity(org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.ERROR)
			.setCode(type)
			.setDiagnostics(message);
		answer.getResponse().setStatus(status).setOutcome(outcome);
	}

}
