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
import org.hl7.fhir.r4.model.Observation;

import org.springframework.stereotype.Component;

/**
 * {@code Observation}: a patient's test results and measurements, once released to them.
 */
@Component
class ObservationProvider extends EntryProvider {

	ObservationProvider(EntryQueries queries) {
		super(queries, Observation.class, Category.RESULT);
	}

	@Search
	public List<IBaseResource> search(@OptionalParam(name = Observation.SP_PATIENT) ReferenceParam patient,
			@OptionalParam(name = Observation.SP_SUBJECT) ReferenceParam subject,
			@OptionalParam(name = Observation.SP_CODE) TokenOrListParam code,
			@OptionalParam(name = Observation.SP_CATEGORY) TokenOrListParam category,
			@OptionalParam(name = Observation.SP_STATUS) TokenOrListParam status,
			@OptionalParam(name = Observation.SP_DATE) DateRangeParam date,
			@OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
			@ca.uhn.fhir.rest.annotation.IncludeParam(allow = { "Observation:patient", "Observation:subject" }) java.util.Set<ca.uhn.fhir.model.api.Include> includes,
			RequestDetails request) {
		var found = this.queries.search(request, "Observation", Category.RESULT, patient, subject)
			.stream()
			.filter(entry -> EntryQueries.within(lastUpdated, java.util.Date.from(entry.recordedAt())))
			.map(EntryQueries::shaped)
			.map(Observation.class::cast)
			.filter(o -> EntryQueries.matches(code, List.of(o.getCode())))
			.filter(o -> EntryQueries.matches(category, o.getCategory()))
			.filter(o -> EntryQueries.matchesCode(status, o.hasStatus() ? o.getStatus().toCode() : null))
			.filter(o -> date == null || EntryQueries.within(date,
					o.hasEffectiveDateTimeType() ? o.getEffectiveDateTimeType().getValue() : null))
			.map(IBaseResource.class::cast)
			.toList();
		List<IBaseResource> limited = found;
		this.queries.includePatients(request, includes, limited);
		return limited;
	}

	@Override
	public List<IBaseResource> of(ReferenceParam patient, RequestDetails request) {
		return search(patient, null, null, null, null, null, null, null, request);
	}

}
