package nz.tiaki.support;

import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Resource;

/**
 * HAPI's R4 instance validator against the base specification (no terminology server), made
 * once per test run.
 */
public final class R4Validation {

	private static FhirValidator validator;

	private R4Validation() {
	}

	private static synchronized FhirValidator validator() {
		if (validator == null) {
			FhirContext context = FhirContext.forR4Cached();
			ValidationSupportChain support = new ValidationSupportChain(new DefaultProfileValidationSupport(context),
					new InMemoryTerminologyServerValidationSupport(context),
					new CommonCodeSystemsTerminologyService(context));
			FhirInstanceValidator instance = new FhirInstanceValidator(support);
			instance.setNoTerminologyChecks(true);
			validator = context.newValidator().registerValidatorModule(instance);
		}
		return validator;
	}

	/**
	 * @param resource a resource
	 * @return its errors against R4, each with where it is
	 */
	public static List<String> errors(Resource resource) {
		ValidationResult result = validator().validateWithResult(resource);
		List<String> errors = new ArrayList<>();
		for (SingleValidationMessage message : result.getMessages()) {
			if (message.getSeverity() == ResultSeverityEnum.ERROR || message.getSeverity() == ResultSeverityEnum.FATAL) {
				errors.add(resource.fhirType() + " " + message.getLocationString() + ": " + message.getMessage());
			}
		}
		return errors;
	}

}
