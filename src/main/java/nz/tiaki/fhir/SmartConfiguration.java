package nz.tiaki.fhir;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import nz.tiaki.shared.web.WebSettings;

import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a SMART app needs to find the authorisation server ({@code .well-known/smart-configuration},
 * App Launch 2.x), and the same stated in the capability statement's security section.
 */
@Component
class SmartConfiguration {

	private final String origin;

	private final String json;

	SmartConfiguration(WebSettings web, JsonMapper mapper) {
		this.origin = web.originText();
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("issuer", this.origin);
		config.put("jwks_uri", this.origin + "/oauth2/jwks");
		config.put("authorization_endpoint", this.origin + "/oauth2/authorize");
		config.put("token_endpoint", this.origin + "/oauth2/token");
		config.put("revocation_endpoint", this.origin + "/oauth2/revoke");
		config.put("introspection_endpoint", this.origin + "/oauth2/introspect");
		config.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"));
		config.put("token_endpoint_auth_methods_supported", List.of("none", "private_key_jwt"));
		config.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS256", "ES256", "ES384"));
		config.put("scopes_supported", List.of("openid", "fhirUser", "launch/patient", "offline_access", "patient/*.rs",
				"patient/*.read", "system/*.rs", "system/*.read"));
		config.put("response_types_supported", List.of("code"));
		config.put("code_challenge_methods_supported", List.of("S256"));
		config.put("capabilities",
				List.of("launch-standalone", "client-public", "client-confidential-asymmetric",
						"context-standalone-patient", "permission-offline", "permission-patient", "permission-v1",
						"permission-v2", "sso-openid-connect"));
		this.json = mapper.writeValueAsString(config);
	}

	/**
	 * @return the SMART configuration document
	 */
	String json() {
		return this.json;
	}

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void describeSecurity(IBaseConformance statement) {
		if (!(statement instanceof CapabilityStatement capability)) {
			return;
		}
		for (CapabilityStatement.CapabilityStatementRestComponent rest : capability.getRest()) {
			CapabilityStatement.CapabilityStatementRestSecurityComponent security = rest.getSecurity();
			security.setCors(false);
			security.addService(new CodeableConcept().addCoding(
					new org.hl7.fhir.r4.model.Coding("http://terminology.hl7.org/CodeSystem/restful-security-service",
							"SMART-on-FHIR", "SMART-on-FHIR")));
			security.setDescription("OAuth 2 with SMART App Launch 2 scopes. Patients' apps: authorization code with "
					+ "PKCE; practice systems: client credentials with a private-key client assertion.");
			Extension uris = security.addExtension()
				.setUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
			uris.addExtension("authorize", new UriType(this.origin + "/oauth2/authorize"));
			uris.addExtension("token", new UriType(this.origin + "/oauth2/token"));
		}
	}

}
