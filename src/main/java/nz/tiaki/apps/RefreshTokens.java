package nz.tiaki.apps;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Refresh tokens as SMART asks for them: a patient's app (a public client, such as the
 * mobile app) gets one only when the patient approved {@code offline_access}; every use
 * replaces it (the old one is then spent, and presenting it again ends the whole grant).
 * Practice systems use client credentials and get none.
 */
final class RefreshTokens implements OAuth2TokenGenerator<OAuth2RefreshToken> {

	private static final SecureRandom RANDOM = new SecureRandom();

	@Override
	public OAuth2RefreshToken generate(OAuth2TokenContext context) {
		if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())) {
			return null;
		}
		RegisteredClient client = context.getRegisteredClient();
		AuthorizationGrantType grant = context.getAuthorizationGrantType();
		boolean codeOrRefresh = AuthorizationGrantType.AUTHORIZATION_CODE.equals(grant)
				|| AuthorizationGrantType.REFRESH_TOKEN.equals(grant);
		if (!codeOrRefresh || !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)) {
			return null;
		}
		boolean publicClient = client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE);
		if (publicClient && !context.getAuthorizedScopes().contains(Apps.OFFLINE_ACCESS)) {
			return null;
		}
		byte[] value = new byte[48];
		RANDOM.nextBytes(value);
		Instant now = Instant.now();
		return new OAuth2RefreshToken(Base64.getUrlEncoder().withoutPadding().encodeToString(value), now,
				now.plus(client.getTokenSettings().getRefreshTokenTimeToLive()));
	}

}
