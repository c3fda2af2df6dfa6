package nz.tiaki.records;

import ca.uhn.fhir.context.FhirContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one FHIR R4 context (costly to build, safe to share).
 */
@Configuration(proxyBeanMethods = false)
class RecordsConfiguration {

	@Bean
	FhirContext fhirContext() {
		return FhirContext.forR4Cached();
	}

}
