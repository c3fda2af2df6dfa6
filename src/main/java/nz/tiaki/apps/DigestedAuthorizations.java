package nz.tiaki.apps;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Keeps authorisations in PostgreSQL with every bearer secret — authorisation code, access
 * token, refresh token — replaced by its SHA-256 digest before it is written. A token
 * presented later is digested and looked up; the plain value exists only in the response
 * that hands it to the app. A refresh token replaced by a newer one is remembered as spent:
 * presenting it again ends the whole grant (a copy is in someone else's hands).
 */
final class DigestedAuthorizations implements OAuth2AuthorizationService {

	static final String PREFIX = "sha256:";

	private static final OAuth2TokenType CODE = new OAuth2TokenType("code");

	private final OAuth2AuthorizationService store;

	private final JdbcOperations jdbc;

	private final AuditTrail audit;

	DigestedAuthorizations(OAuth2AuthorizationService store, JdbcOperations jdbc, AuditTrail audit) {
		this.store = store;
		this.jdbc = jdbc;
		this.audit = audit;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		OAuth2Authorization digested = digested(authorization);
		OAuth2Authorization previous = this.store.findById(authorization.getId());
		if (previous != null && previous.getRefreshToken() != null) {
			String before = previous.getRefreshToken().getToken().getTokenValue();
			String after = digested.getRefreshToken() == null ? null : digested.getRefreshToken().getToken().getTokenValue();
			if (!before.equals(after)) {
				this.jdbc.update("insert into oauth_spent_refresh (digest, authorization_id, spent_at) values (?, ?, now()) "
						+ "on conflict do nothing", before, authorization.getId());
			}
		}
		this.store.save(digested);
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		this.store.remove(authorization);
	}

	@Override
	public OAuth2Authorization findById(String id) {
		return this.store.findById(id);
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		if (token == null) {
			return null;
		}
		if (tokenType == null) {
			OAuth2Authorization found = this.store.findByToken(digest(token), null);
			return found != null ? found : this.store.findByToken(token, null);
		}
		boolean secret = OAuth2TokenType.ACCESS_TOKEN.equals(tokenType)
				|| OAuth2TokenType.REFRESH_TOKEN.equals(tokenType) || CODE.equals(tokenType);
		OAuth2Authorization found = this.store.findByToken(secret ? digest(token) : token, tokenType);
		if (found == null && OAuth2TokenType.REFRESH_TOKEN.equals(tokenType)) {
			endIfReused(digest(token));
		}
		return found;
	}

	private void endIfReused(String digest) {
		for (String authorization : this.jdbc.queryForList(
				"select authorization_id from oauth_spent_refresh where digest = ?", String.class, digest)) {
			OAuth2Authorization grant = this.store.findById(authorization);
			if (grant != null) {
				this.store.remove(grant);
				this.audit.record(SecurityEventType.APP_DISCONNECTED, null, "refresh-token-reused");
			}
		}
	}

	static OAuth2Authorization digested(OAuth2Authorization authorization) {
		OAuth2Authorization.Builder builder = OAuth2Authorization.from(authorization);
		var code = authorization.getToken(OAuth2AuthorizationCode.class);
		if (code != null && !digestedAlready(code.getToken().getTokenValue())) {
			OAuth2AuthorizationCode value = code.getToken();
			builder.token(new OAuth2AuthorizationCode(digest(value.getTokenValue()), value.getIssuedAt(),
					value.getExpiresAt()), metadata -> metadata.putAll(code.getMetadata()));
		}
		var access = authorization.getAccessToken();
		if (access != null && !digestedAlready(access.getToken().getTokenValue())) {
			OAuth2AccessToken value = access.getToken();
			builder.token(new OAuth2AccessToken(value.getTokenType(), digest(value.getTokenValue()), value.getIssuedAt(),
					value.getExpiresAt(), value.getScopes()), metadata -> metadata.putAll(access.getMetadata()));
		}
		var refresh = authorization.getRefreshToken();
		if (refresh != null && !digestedAlready(refresh.getToken().getTokenValue())) {
			OAuth2RefreshToken value = refresh.getToken();
			builder.token(new OAuth2RefreshToken(digest(value.getTokenValue()), value.getIssuedAt(), value.getExpiresAt()),
					metadata -> metadata.putAll(refresh.getMetadata()));
		}
		return builder.build();
	}

	private static boolean digestedAlready(String value) {
		return value.startsWith(PREFIX);
	}

	/**
	 * @param token a bearer secret
	 * @return how it is stored
	 */
	static String digest(String token) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
