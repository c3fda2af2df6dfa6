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
 * is built and shared; loading its definitions takes seconds (more than ten on two busy
 * cores), so it is built and used once in the background as soon as the portal is ready,
 * instead of inside the first practice system's import.
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
	@org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
	void warmUp() {
		Thread warming = new Thread(() -> {
			try {
				errors(new org.hl7.fhir.r4.model.Patient().setActive(true));
			}
			catch (RuntimeException ex) {
				// the first import builds it instead, as before
				org.slf4j.LoggerFactory.getLogger(ResourceValidator.class)
					.warn("FHIR validator could not be prepared ahead ({})", ex.getClass().getSimpleName());
			}
		}, "fhir-validator-warm-up");
		warming.setDaemon(true);
		warming.setPriority(Thread.MIN_PRIORITY);
		warming.start();
	}

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
