package nz.tiaki.fhir;

import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.IResourceProvider;
import nz.tiaki.apps.Apps;
import nz.tiaki.audit.AuditTrail;
import nz.tiaki.shared.web.WebSettings;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * Mounts the FHIR server at {@code /fhir} with a filter chain of its own: no session, no
 * cookie, no CSRF (bearer tokens only), every call through {@link BearerTokens}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class FhirConfiguration {

	@Bean
	ServletRegistrationBean<FhirServer> fhirServlet(FhirContext fhir, List<IResourceProvider> providers,
			WebSettings web, SmartConfiguration smart, BulkExport export, Transactions transactions, Cursors cursors) {
		FhirServer server = new FhirServer(fhir, providers, List.of(export, transactions),
				List.of(new Refusals(), new SearchModes(), new ResponseCheck(), smart),
				web.originText() + "/fhir", cursors);
		ServletRegistrationBean<FhirServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
		registration.setName("fhir");
		registration.setLoadOnStartup(1);
		return registration;
	}

	@Bean
	@Order(2)
	SecurityFilterChain fhirApi(HttpSecurity http, Apps apps, AuditTrail audit, SmartConfiguration smart)
			throws Exception {
		http.securityMatcher("/fhir/**", "/.well-known/smart-configuration");
		http.csrf(csrf -> csrf.disable());
		http.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.securityContext(context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()));
		http.requestCache(cache -> cache.disable());
		http.anonymous(anonymous -> {
		});
		http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
		http.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
			.frameOptions(frames -> frames.deny()));
		http.addFilterAfter(new BearerTokens(apps, audit, smart), SecurityContextHolderFilter.class);
		return http.build();
	}

}
