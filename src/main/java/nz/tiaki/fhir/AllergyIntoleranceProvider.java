package nz.tiaki.fhir;

import java.util.List;

import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import nz.tiaki.records.Category;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AllergyIntolerance;

import org.springframework.stereotype.Component;

/**
 * {@code AllergyIntolerance}: a patient's allergies and intolerances.
 */
@Component
class AllergyIntoleranceProvider extends EntryProvider {

	AllergyIntoleranceProvider(EntryQueries queries) {
		super(queries, AllergyIntolerance.class, Category.ALLERGY);
	}

	@Search
	public List<IBaseResource> search(@OptionalParam(name = AllergyIntolerance.SP_PATIENT) ReferenceParam patient,
			@OptionalParam(name = AllergyIntolerance.SP_CODE) TokenOrListParam code,
			@OptionalParam(name = AllergyIntolerance.SP_CLINICAL_STATUS) TokenOrListParam clinicalStatus,
			@OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
			@ca.uhn.fhir.rest.annotation.IncludeParam(allow = { "AllergyIntolerance:patient" }) java.util.Set<ca.uhn.fhir.model.api.Include> includes,
			RequestDetails request) {
		var found = this.queries.search(request, "AllergyIntolerance", Category.ALLERGY, patient, null)
			.stream()
			.filter(entry -> EntryQueries.within(lastUpdated, java.util.Date.from(entry.recordedAt())))
			.map(EntryQueries::shaped)
			.map(AllergyIntolerance.class::cast)
			.filter(a -> EntryQueries.matches(code, List.of(a.getCode())))
			.filter(a -> EntryQueries.matches(clinicalStatus, List.of(a.getClinicalStatus())))
			.map(IBaseResource.class::cast)
			.toList();
		List<IBaseResource> limited = found;
		this.queries.includePatients(request, includes, limited);
		return limited;
	}

	@Override
	public List<IBaseResource> of(ReferenceParam patient, RequestDetails request) {
		return search(patient, null, null, null, null, request);
	}

}
