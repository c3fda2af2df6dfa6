package nz.tiaki.shared.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server the portal starts itself when no database is configured. Its data
 * directory survives restarts, so a restart loses nothing.
 */
public final class EmbeddedDatabase implements AutoCloseable {

	static final String DATABASE = "tiaki";

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

	private final EmbeddedPostgres server;

	private EmbeddedDatabase(EmbeddedPostgres server) {
		this.server = server;
	}

	static EmbeddedDatabase start(DatabaseSettings settings) {
		try {
			Files.createDirectories(settings.embeddedDir());
			EmbeddedPostgres server = EmbeddedPostgres.builder()
				.setDataDirectory(settings.embeddedDir())
				.setCleanDataDirectory(false)
				.setPort(settings.embeddedPort())
				.setServerConfig("max_connections", "100")
				.start();
			createDatabaseIfMissing(server);
			log.info("Embedded PostgreSQL running on port {} with data in {}", server.getPort(),
					settings.embeddedDir().toAbsolutePath().normalize());
			return new EmbeddedDatabase(server);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL", ex);
		}
	}

	private static void createDatabaseIfMissing(EmbeddedPostgres server) {
		try (Connection connection = server.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			var result = statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'");
			if (!result.next()) {
				statement.execute("create database " + DATABASE);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the portal's database", ex);
		}
	}

	String jdbcUrl() {
		return this.server.getJdbcUrl("postgres", DATABASE);
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
