package nz.tiaki.fhir;

import java.util.Date;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.QualifiedParamList;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * Search parameters as an app sends them (`date`, `_lastUpdated`, `code`, `category`),
 * fuzzed (Jazzer): any value is either refused by the parameter's own parsing — which the API
 * answers with a 400 and an OperationOutcome — or bound and then matched against entries by
 * Tiaki's filters without failing in any other way. Runs its seeds in every build; fuzz for
 * real with {@code JAZZER_FUZZ=1 ./mvnw test -Dtest=SearchParameterFuzzTest} (API Security Top
 * 10 API8; ASVS 5.0 V1.5).
 */
class SearchParameterFuzzTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private static final List<CodeableConcept> CONCEPTS = List.of(
			new CodeableConcept(new Coding("http://loinc.org", "2823-3", "Potassium")),
			new CodeableConcept().setText("Asthma"));

	@FuzzTest(maxDuration = "60s")
	void anySearchValueMatchesOrIsRefusedPlainly(FuzzedDataProvider data) {
		String dateValue = data.consumeString(60);
		String secondDate = data.consumeBoolean() ? data.consumeString(60) : null;
		String tokenValue = data.consumeRemainingAsString();

		DateRangeParam range = new DateRangeParam();
		try {
			range.setValuesAsQueryTokens(FHIR, "date", secondDate == null ? List.of(QualifiedParamList.singleton(dateValue))
					: List.of(QualifiedParamList.singleton(dateValue), QualifiedParamList.singleton(secondDate)));
			range.getLowerBoundAsInstant();
			range.getUpperBoundAsInstant();
		}
		catch (DataFormatException | InvalidRequestException ex) {
			range = null;
		}
		if (range != null) {
			EntryQueries.within(range, new Date(0));
			EntryQueries.within(range, new Date());
			EntryQueries.within(range, null);
		}

		TokenOrListParam tokens = new TokenOrListParam();
		try {
			tokens.setValuesAsQueryTokens(FHIR, "code", QualifiedParamList.splitQueryStringByCommasIgnoreEscape(null,
					tokenValue));
		}
		catch (DataFormatException | InvalidRequestException ex) {
			return;
		}
		EntryQueries.matches(tokens, CONCEPTS);
		EntryQueries.matchesCode(tokens, "2823-3");
		EntryQueries.matchesCode(tokens, null);
	}

}
