package nz.tiaki.fhir;

import java.nio.charset.StandardCharsets;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.hl7.fhir.r4.model.Resource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a practice system posts to the FHIR API, fuzzed (Jazzer): any bytes either fail to
 * parse with the parser's own error — which the API answers as a 400 with an
 * OperationOutcome — or parse into a resource the R4 validator checks without failing in
 * any other way. Runs its seeds in every build; fuzz for real with
 * {@code JAZZER_FUZZ=1 ./mvnw test -Dtest=FhirInputFuzzTest} (API Security Top 10 API8;
 * ASVS 5.0 V1.5).
 */
class FhirInputFuzzTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private static final ResourceValidator VALIDATOR = new ResourceValidator(FHIR);

	@FuzzTest(maxDuration = "60s")
	void anyBodyParsesOrIsRefusedPlainly(byte[] body) {
		IParser parser = FHIR.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
		Resource resource;
		try {
			resource = (Resource) parser.parseResource(new String(body, StandardCharsets.UTF_8));
		}
		catch (DataFormatException ex) {
			assertThat(ex.getMessage()).isNotBlank();
			return;
		}
		List<String> errors = VALIDATOR.errors(resource);
		assertThat(errors).doesNotContainNull();
	}

}
