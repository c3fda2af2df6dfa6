package nz.tiaki.shared.database;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the portal keeps its data. With no {@code url} (environment variable
 * {@code TIAKI_DB_URL}) the portal runs its own embedded PostgreSQL whose files live in
 * {@code embeddedDir}, kept between runs.
 */
@ConfigurationProperties("tiaki.db")
public record DatabaseSettings(String url, String username, String password, Path embeddedDir, int embeddedPort) {

	/**
	 * @return whether no external database is configured, so the embedded one runs
	 */
	public boolean embedded() {
		return this.url == null || this.url.isBlank();
	}

}
