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
import org.hl7.fhir.r4.model.Condition;

import org.springframework.stereotype.Component;

/**
 * {@code Condition}: a patient's conditions and diagnoses.
 */
@Component
class ConditionProvider extends EntryProvider {

	ConditionProvider(EntryQueries queries) {
		super(queries, Condition.class, Category.CONDITION);
	}

	@Search
	public List<IBaseResource> search(@OptionalParam(name = Condition.SP_PATIENT) ReferenceParam patient,
			@OptionalParam(name = Condition.SP_SUBJECT) ReferenceParam subject,
			@OptionalParam(name = Condition.SP_CODE) TokenOrListParam code,
			@OptionalParam(name = Condition.SP_CATEGORY) TokenOrListParam category,
			@OptionalParam(name = Condition.SP_CLINICAL_STATUS) TokenOrListParam clinicalStatus,
			@OptionalParam(name = Condition.SP_ONSET_DATE) DateRangeParam onset,
			@OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
			@ca.uhn.fhir.rest.annotation.IncludeParam(allow = { "Condition:patient", "Condition:subject" }) java.util.Set<ca.uhn.fhir.model.api.Include> includes,
			RequestDetails request) {
		var found = this.queries.search(request, "Condition", Category.CONDITION, patient, subject)
			.stream()
			.filter(entry -> EntryQueries.within(lastUpdated, java.util.Date.from(entry.recordedAt())))
			.map(EntryQueries::shaped)
			.map(Condition.class::cast)
			.filter(c -> EntryQueries.matches(code, List.of(c.getCode())))
			.filter(c -> EntryQueries.matches(category, c.getCategory()))
			.filter(c -> EntryQueries.matches(clinicalStatus, List.of(c.getClinicalStatus())))
			.filter(c -> onset == null || EntryQueries.within(onset,
					c.hasOnsetDateTimeType() ? c.getOnsetDateTimeType().getValue() : null))
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
