package nz.tiaki.fhir;

import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Resource;

import org.springframework.stereotype.Component;

/**
 * Checks a resource against the FHIR R4 base specification (structure, cardinality,
 * invariants) with HAPI's validator, before anything of an import is stored. One validator
 * is built on first use (loading the definitions takes seconds) and shared.
 */
@Component
class ResourceValidator {

	private final FhirContext fhir;

	private volatile FhirValidator validator;

	ResourceValidator(FhirContext fhir) {
		this.fhir = fhir;
	}

	/**
	 * Checks against the base specification only: profiles the resource claims (US Core,
	 * for instance) are not held here, and Tiaki does not keep the claim.
	 * @param resource a resource
	 * @return its errors, each with where it is; empty when it is valid
	 */
	List<String> errors(Resource resource) {
		Resource checked = resource.copy();
		checked.getMeta().setProfile(null);
		List<String> errors = new ArrayList<>();
		for (SingleValidationMessage message : validator().validateWithResult(checked).getMessages()) {
			if (message.getSeverity() == ResultSeverityEnum.ERROR || message.getSeverity() == ResultSeverityEnum.FATAL) {
				errors.add(message.getLocationString() + ": " + message.getMessage());
			}
		}
		return errors;
	}

	private FhirValidator validator() {
		FhirValidator built = this.validator;
		if (built == null) {
			synchronized (this) {
				built = this.validator;
				if (built == null) {
					ValidationSupportChain support = new ValidationSupportChain(
							new DefaultProfileValidationSupport(this.fhir),
							new InMemoryTerminologyServerValidationSupport(this.fhir),
							new CommonCodeSystemsTerminologyService(this.fhir));
					FhirInstanceValidator instance = new FhirInstanceValidator(support);
					instance.setNoTerminologyChecks(true);
					instance.setAnyExtensionsAllowed(true);
					built = this.fhir.newValidator().registerValidatorModule(instance);
					this.validator = built;
				}
			}
		}
		return built;
	}

}
