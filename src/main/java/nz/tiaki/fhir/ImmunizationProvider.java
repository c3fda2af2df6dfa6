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
import org.hl7.fhir.r4.model.Immunization;

import org.springframework.stereotype.Component;

/**
 * {@code Immunization}: a patient's immunisations.
 */
@Component
class ImmunizationProvider extends EntryProvider {

	ImmunizationProvider(EntryQueries queries) {
		super(queries, Immunization.class, Category.IMMUNISATION);
	}

	@Search
	public List<IBaseResource> search(@OptionalParam(name = Immunization.SP_PATIENT) ReferenceParam patient,
			@OptionalParam(name = Immunization.SP_VACCINE_CODE) TokenOrListParam vaccineCode,
			@OptionalParam(name = Immunization.SP_STATUS) TokenOrListParam status,
			@OptionalParam(name = Immunization.SP_DATE) DateRangeParam date,
			@OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
			@ca.uhn.fhir.rest.annotation.IncludeParam(allow = { "Immunization:patient" }) java.util.Set<ca.uhn.fhir.model.api.Include> includes,
			RequestDetails request) {
		var found = this.queries.search(request, "Immunization", Category.IMMUNISATION, patient, null)
			.stream()
			.filter(entry -> EntryQueries.within(lastUpdated, java.util.Date.from(entry.recordedAt())))
			.map(EntryQueries::shaped)
			.map(Immunization.class::cast)
			.filter(i -> EntryQueries.matches(vaccineCode, List.of(i.getVaccineCode())))
			.filter(i -> EntryQueries.matchesCode(status, i.hasStatus() ? i.getStatus().toCode() : null))
			.filter(i -> date == null || EntryQueries.within(date,
					i.hasOccurrenceDateTimeType() ? i.getOccurrenceDateTimeType().getValue() : null))
			.map(IBaseResource.class::cast)
			.toList();
		List<IBaseResource> limited = found;
		this.queries.includePatients(request, includes, limited);
		return limited;
	}

	@Override
	public List<IBaseResource> of(ReferenceParam patient, RequestDetails request) {
		return search(patient, null, null, null, null, null, request);
	}

}
