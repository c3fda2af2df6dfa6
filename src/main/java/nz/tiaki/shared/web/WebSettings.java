package nz.tiaki.shared.web;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How people reach the portal.
 *
 * @param origin the origin browsers use (scheme, host and port), which passkeys are bound to
 */
@ConfigurationProperties("tiaki.web")
public record WebSettings(URI origin) {

	/**
	 * @return the origin without a trailing slash, as browsers report it
	 */
	public String originText() {
		String text = this.origin.toString();
		return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
	}

}
