package nz.tiaki.apps;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Lets a public client (no secret: the mobile app) identify itself on a refresh request by
 * its client id alone, as on its PKCE code exchange. What protects a refresh token is that
 * it is used once: each use replaces it, and reuse ends the grant.
 */
final class PublicClientRefresh implements AuthenticationConverter, AuthenticationProvider {

	private final RegisteredClientRepository clients;

	PublicClientRefresh(RegisteredClientRepository clients) {
		this.clients = clients;
	}

	@Override
	public Authentication convert(HttpServletRequest request) {
		if (!"POST".equals(request.getMethod())
				|| !AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))
				|| request.getHeader("Authorization") != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null) {
			return null;
		}
		String[] ids = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
		if (ids == null || ids.length != 1 || ids[0].isBlank()) {
			return null;
		}
		return new RefreshingPublicClient(ids[0]);
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		if (!(authentication instanceof RefreshingPublicClient asked)) {
			return null;
		}
		RegisteredClient client = this.clients.findByClientId((String) asked.getPrincipal());
		if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)
				|| !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
		}
		return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
	}

	/**
	 * Only refresh requests this converter made: a public client's code exchange must still
	 * pass its PKCE check in the standard provider.
	 */
	@Override
	public boolean supports(Class<?> authentication) {
		return RefreshingPublicClient.class.isAssignableFrom(authentication);
	}

	/**
	 * A public client naming itself on a refresh request.
	 */
	static final class RefreshingPublicClient extends OAuth2ClientAuthenticationToken {

		private static final long serialVersionUID = 1L;

		RefreshingPublicClient(String clientId) {
			super(clientId, ClientAuthenticationMethod.NONE, null, Map.of());
		}

	}

}
