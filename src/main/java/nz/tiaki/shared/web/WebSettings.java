package nz.tiaki.shared.web;

import java.net.URI;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How people reach the portal.
 *
 * @param origin the origin browsers use (scheme, host and port), which passkeys are bound to
 * @param trustedProxies addresses of the load balancers or reverse proxies in front of the
 * portal, whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are believed; empty
 * (the default) believes no such header, and a request's address is the connection's
 * @param metricsFrom addresses allowed to read {@code /actuator/prometheus}; by default the
 * node itself only
 * @param operatorsFrom addresses or ranges (CIDR) from which Tiaki's operators may use the
 * operator console; by default the node itself only (an operator connects through an SSH
 * tunnel or a bastion the deployment names here)
 */
@ConfigurationProperties("tiaki.web")
public record WebSettings(URI origin, List<String> trustedProxies, List<String> metricsFrom,
		List<String> operatorsFrom) {

	public WebSettings {
		trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
		metricsFrom = metricsFrom == null || metricsFrom.isEmpty() ? List.of("127.0.0.1", "::1") : List.copyOf(metricsFrom);
		operatorsFrom = operatorsFrom == null || operatorsFrom.isEmpty() ? List.of("127.0.0.1", "::1")
				: List.copyOf(operatorsFrom);
	}

	/**
	 * @return the origin without a trailing slash, as browsers report it
	 */
	public String originText() {
		String text = this.origin.toString();
		return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
	}

}
