package nz.tiaki.shared.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Binds the web settings.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebSettings.class)
class WebConfiguration {

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
