package nz.tiaki.apps;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import nz.tiaki.vault.Vault;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The key that signs ID tokens. Made once and kept in PostgreSQL with its private half
 * sealed under the master key, so every node signs with the same key and a database copy
 * alone cannot forge a token.
 */
@Component
class SigningKeys {

	private static final String KIND = "oauth-signing-key";

	private final JdbcClient jdbc;

	private final Vault vault;

	private final Clock clock;

	private volatile JWKSet keys;

	SigningKeys(JdbcClient jdbc, Vault vault, Clock clock) {
		this.jdbc = jdbc;
		this.vault = vault;
		this.clock = clock;
	}

	/**
	 * @return the signing keys, made on first use
	 */
	@Transactional
	public JWKSet keys() {
		JWKSet loaded = this.keys;
		if (loaded == null) {
			loaded = load();
			this.keys = loaded;
		}
		return loaded;
	}

	private synchronized JWKSet load() {
		this.jdbc.sql("select pg_advisory_xact_lock(7261616)").query().singleRow();
		List<Stored> stored = this.jdbc.sql("select id, public_key, private_key from oauth_signing_key order by created_at")
			.query((rs, n) -> new Stored(rs.getString(1), rs.getBytes(2), rs.getBytes(3)))
			.list();
		if (stored.isEmpty()) {
			stored = List.of(create());
		}
		try {
			KeyFactory rsa = KeyFactory.getInstance("RSA");
			List<com.nimbusds.jose.jwk.JWK> jwks = new java.util.ArrayList<>();
			for (Stored key : stored) {
				UUID owner = UUID.nameUUIDFromBytes(key.id().getBytes(java.nio.charset.StandardCharsets.UTF_8));
				RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(key.publicKey()));
				RSAPrivateKey privateKey = (RSAPrivateKey) rsa
					.generatePrivate(new PKCS8EncodedKeySpec(this.vault.openIdentity(KIND, owner, key.privateKey())));
				jwks.add(new RSAKey.Builder(publicKey).privateKey(privateKey).keyID(key.id()).build());
			}
			return new JWKSet(jwks);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The token signing key could not be read", ex);
		}
	}

	private Stored create() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(3072);
			KeyPair pair = generator.generateKeyPair();
			String id = UUID.randomUUID().toString();
			UUID owner = UUID.nameUUIDFromBytes(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			byte[] sealed = this.vault.sealIdentity(KIND, owner, pair.getPrivate().getEncoded());
			this.jdbc.sql("""
					insert into oauth_signing_key (id, created_at, public_key, private_key)
					values (:id, :at, :public, :private)
					""")
				.param("id", id)
				.param("at", Timestamp.from(this.clock.instant()))
				.param("public", pair.getPublic().getEncoded())
				.param("private", sealed)
				.update();
			return new Stored(id, pair.getPublic().getEncoded(), sealed);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("A token signing key could not be made", ex);
		}
	}

	private record Stored(String id, byte[] publicKey, byte[] privateKey) {

	}

}
