package nz.tiaki.fhir;

import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import nz.tiaki.access.AccessDenied;
import nz.tiaki.access.Action;
import nz.tiaki.apps.AppAccess;
import nz.tiaki.apps.SmartScope;
import nz.tiaki.shared.ids.PatientId;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * A resource type that is a patient's list read whole from a facade (appointments, repeat
 * requests, messages): search by patient, and read one by id from that list, for the launch
 * patient of a patient's app.
 *
 * @param <T> the resource type
 */
abstract class PatientListProvider<T extends Resource> implements IResourceProvider, ReadsById {

	protected final Callers callers;

	private final Class<T> type;

	private final Action action;

	PatientListProvider(Callers callers, Class<T> type, Action action) {
		this.callers = callers;
		this.type = type;
		this.action = action;
	}

	/**
	 * @param caller the app
	 * @param patient whose
	 * @return the patient's resources of this type
	 * @throws AccessDenied when the gate refuses
	 */
	protected abstract List<T> of(AppAccess caller, PatientId patient);

	@Override
	public Class<? extends IBaseResource> getResourceType() {
		return this.type;
	}

	@Override
	public String resourceType() {
		return this.type.getSimpleName();
	}

	@Override
	@Read
	public T read(@IdParam IdType id, RequestDetails request) {
		AppAccess caller = this.callers.require(request, resourceType(), SmartScope.Permission.READ);
		if (caller.patient() == null) {
			throw new ResourceNotFoundException(id);
		}
		return listed(caller, caller.patient()).stream()
			.filter(resource -> resource.getIdElement().getIdPart().equals(id.getIdPart()))
			.findFirst()
			.orElseThrow(() -> new ResourceNotFoundException(id));
	}

	@Search
	public List<IBaseResource> search(@OptionalParam(name = "patient") ReferenceParam patient, RequestDetails request) {
		AppAccess caller = this.callers.require(request, resourceType(), SmartScope.Permission.SEARCH);
		String reference = patient != null ? patient.getIdPart()
				: caller.patient() != null ? caller.patient().value().toString() : null;
		if (reference == null) {
			return List.of();
		}
		try {
			return new ArrayList<>(listed(caller, this.callers.patient(caller, reference, this.action)));
		}
		catch (ResourceNotFoundException ex) {
			return List.of();
		}
	}

	private List<T> listed(AppAccess caller, PatientId patient) {
		try {
			return of(caller, patient);
		}
		catch (AccessDenied ex) {
			return List.of();
		}
	}

}
