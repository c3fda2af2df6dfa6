package nz.tiaki.shared.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Binds the web settings, and believes forwarded addresses from the trusted proxies only.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebSettings.class)
class WebConfiguration {

	/**
	 * Behind a load balancer every connection comes from the balancer, so throttles, the
	 * audit and "where you are signed in" would see one address for everyone. The
	 * balancer's {@code X-Forwarded-For} is believed when, and only when, the connection
	 * comes from one of {@code tiaki.web.trusted-proxies}; from anywhere else the header
	 * is ignored, so a client cannot choose its own address.
	 */
	@org.springframework.context.annotation.Bean
	org.springframework.boot.web.server.WebServerFactoryCustomizer<org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory> trustedProxies(
			WebSettings web) {
		return (factory) -> {
			if (web.trustedProxies().isEmpty()) {
				return;
			}
			org.apache.catalina.valves.RemoteIpValve valve = new org.apache.catalina.valves.RemoteIpValve();
			valve.setInternalProxies(web.trustedProxies()
				.stream()
				.map(String::strip)
				.map(java.util.regex.Pattern::quote)
				.collect(java.util.stream.Collectors.joining("|")));
			valve.setTrustedProxies(null);
			valve.setRemoteIpHeader("X-Forwarded-For");
			valve.setProtocolHeader("X-Forwarded-Proto");
			factory.addEngineValves(valve);
		};
	}

	/**
	 * No flash attributes: pages say what happened through the address they redirect to.
	 * Without this, every request (error pages too) would load the session to look for
	 * them, and an error page could not be shown while the database is out of reach.
	 */
	@org.springframework.context.annotation.Bean
	org.springframework.web.servlet.FlashMapManager flashMapManager() {
		return new org.springframework.web.servlet.FlashMapManager() {
			@Override
			public org.springframework.web.servlet.FlashMap retrieveAndUpdate(
					jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response) {
				return null;
			}

			@Override
			public void saveOutputFlashMap(org.springframework.web.servlet.FlashMap flashMap,
					jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response) {
				// nothing is carried across a redirect
			}
		};
	}

}
