package nz.tiaki.fhir;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import nz.tiaki.apps.AppAccess;
import nz.tiaki.apps.Apps;
import nz.tiaki.apps.SmartScope;
import nz.tiaki.clinics.PracticeId;

import org.hl7.fhir.r4.model.Bundle;

import org.springframework.stereotype.Component;

/**
 * {@code POST /fhir} with a transaction bundle: a practice's system writes patients and their
 * records (see {@link BundleImport}). All of it is stored, or none of it.
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
		return this.imports.run(caller.subject(), practice, bundle, BundleImport.Mode.STRICT);
	}

}
