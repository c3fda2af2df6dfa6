package nz.tiaki.apps;

import java.text.ParseException;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionDecoderFactory;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Public keys of practice systems, registered with the system rather than fetched from a
 * URL: a client assertion is checked against the key on record, with the standard claims
 * (issuer and subject are the client, audience is this server, not expired).
 */
final class PublicKeys implements JwtDecoderFactory<RegisteredClient> {

	@Override
	public JwtDecoder createDecoder(RegisteredClient client) {
		String stored = client.getClientSettings().getSetting(Apps.PUBLIC_KEY_SETTING);
		if (stored == null) {
			throw new IllegalArgumentException("This client has no registered key.");
		}
		JWK key = parse(stored);
		JWSAlgorithm algorithm = JWSAlgorithm.parse(algorithmOf(key).getName());
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithm, new ImmutableJWKSet<>(new JWKSet(key))));
		NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
		decoder.setJwtValidator(JwtClientAssertionDecoderFactory.DEFAULT_JWT_VALIDATOR_FACTORY.apply(client));
		return decoder;
	}

	/**
	 * @param json a JSON Web Key
	 * @return it parsed
	 * @throws IllegalArgumentException when it is not a public RSA or EC key
	 */
	static JWK parse(String json) {
		try {
			JWK key = JWK.parse(json);
			if (key.isPrivate()) {
				throw new IllegalArgumentException("Register the public half of the key only.");
			}
			if (!(key instanceof RSAKey) && !(key instanceof ECKey)) {
				throw new IllegalArgumentException("The key must be an RSA or elliptic-curve key.");
			}
			return key;
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("The key is not a JSON Web Key.");
		}
	}

	static SignatureAlgorithm algorithmOf(JWK key) {
		if (key instanceof RSAKey rsa) {
			if (rsa.size() < 2048) {
				throw new IllegalArgumentException("An RSA key must be at least 2048 bits.");
			}
			return SignatureAlgorithm.RS256;
		}
		Curve curve = ((ECKey) key).getCurve();
		if (Curve.P_256.equals(curve)) {
			return SignatureAlgorithm.ES256;
		}
		if (Curve.P_384.equals(curve)) {
			return SignatureAlgorithm.ES384;
		}
		throw new IllegalArgumentException("An elliptic-curve key must be on P-256 or P-384.");
	}

}
