package nz.tiaki.shared.database;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the portal keeps its data. With no {@code url} (environment variable
 * {@code TIAKI_DB_URL}) the portal runs its own embedded PostgreSQL whose files live in
 * {@code embeddedDir}, kept between runs.
 * <p>
 * The portal connects as {@code username}, a role that may not change or delete audit
 * records; migrations run as {@code ownerUsername}, which owns the schema. Both default to
 * the embedded server's roles.
 *
 * @param url JDBC URL of an external PostgreSQL, or empty
 * @param username the application's role
 * @param password its password
 * @param ownerUsername the role that owns the schema and runs migrations (defaults to
 * {@code username})
 * @param ownerPassword its password
 * @param embeddedDir data directory of the embedded server
 * @param embeddedPort port of the embedded server, 0 for any free port
 * @param connectionTimeout longest a request waits for a database connection before it is
 * answered "temporarily unavailable" (503)
 * @param poolSize connections the portal keeps to the database at most; request threads
 * ({@code server.tomcat.threads.max}) may be at most {@code (poolSize - 2) / 2}
 */
@ConfigurationProperties("tiaki.db")
public record DatabaseSettings(String url, String username, String password, String ownerUsername,
		String ownerPassword, Path embeddedDir, int embeddedPort,
		@org.springframework.boot.context.properties.bind.DefaultValue("5s") java.time.Duration connectionTimeout,
		@org.springframework.boot.context.properties.bind.DefaultValue("20") int poolSize) {

	/**
	 * @return whether no external database is configured, so the embedded one runs
	 */
	public boolean embedded() {
		return this.url == null || this.url.isBlank();
	}

	String owner() {
		return this.ownerUsername == null || this.ownerUsername.isBlank() ? this.username : this.ownerUsername;
	}

	String ownerSecret() {
		return this.ownerUsername == null || this.ownerUsername.isBlank() ? this.password : this.ownerPassword;
	}

}
