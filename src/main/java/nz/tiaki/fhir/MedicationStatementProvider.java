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
import org.hl7.fhir.r4.model.MedicationStatement;

import org.springframework.stereotype.Component;

/**
 * {@code MedicationStatement}: the medicines a patient takes.
 */
@Component
class MedicationStatementProvider extends EntryProvider {

	MedicationStatementProvider(EntryQueries queries) {
		super(queries, MedicationStatement.class, Category.MEDICATION);
	}

	@Search
	public List<IBaseResource> search(@OptionalParam(name = MedicationStatement.SP_PATIENT) ReferenceParam patient,
			@OptionalParam(name = MedicationStatement.SP_SUBJECT) ReferenceParam subject,
			@OptionalParam(name = MedicationStatement.SP_CODE) TokenOrListParam code,
			@OptionalParam(name = MedicationStatement.SP_STATUS) TokenOrListParam status,
			@OptionalParam(name = MedicationStatement.SP_EFFECTIVE) DateRangeParam effective,
			@OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
			@ca.uhn.fhir.rest.annotation.IncludeParam(allow = { "MedicationStatement:patient", "MedicationStatement:subject" }) java.util.Set<ca.uhn.fhir.model.api.Include> includes,
			RequestDetails request) {
		var found = this.queries.search(request, "MedicationStatement", Category.MEDICATION, patient, subject)
			.stream()
			.filter(entry -> EntryQueries.within(lastUpdated, java.util.Date.from(entry.recordedAt())))
			.map(EntryQueries::shaped)
			.map(MedicationStatement.class::cast)
			.filter(m -> EntryQueries.matches(code,
					m.hasMedicationCodeableConcept() ? List.of(m.getMedicationCodeableConcept()) : List.of()))
			.filter(m -> EntryQueries.matchesCode(status, m.hasStatus() ? m.getStatus().toCode() : null))
			.filter(m -> effective == null || EntryQueries.within(effective,
					m.hasEffectiveDateTimeType() ? m.getEffectiveDateTimeType().getValue() : null))
			.map(IBaseResource.class::cast)
			.toList();
		List<IBaseResource> limited = found;
		this.queries.includePatients(request, includes, limited);
		return limited;
	}

	@Override
	public List<IBaseResource> of(ReferenceParam patient, RequestDetails request) {
		return search(patient, null, null, null, null, null, null, request);
	}

}
