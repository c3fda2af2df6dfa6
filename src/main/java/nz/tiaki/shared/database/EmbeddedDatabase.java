package nz.tiaki.shared.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server the portal starts itself when no database is configured. Its data
 * directory survives restarts, so a restart loses nothing. The superuser owns the schema;
 * the portal itself connects as the application role.
 */
public final class EmbeddedDatabase implements AutoCloseable {

	static final String DATABASE = "tiaki";

	static final String OWNER = "postgres";

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

	private final EmbeddedPostgres server;

	private final int port;

	private EmbeddedDatabase(EmbeddedPostgres server, int port) {
		this.server = server;
		this.port = port;
	}

	static EmbeddedDatabase start(DatabaseSettings settings) {
		Path portFile = settings.embeddedDir().toAbsolutePath().normalize().resolveSibling("postgres.port");
		try {
			Files.createDirectories(settings.embeddedDir());
			checkVersion(settings.embeddedDir());
			if (Files.exists(settings.embeddedDir().resolve("epg-lock")) && Files.exists(portFile)
					&& lockedByAnother(settings.embeddedDir().resolve("epg-lock"))) {
				int port = Integer.parseInt(Files.readString(portFile).strip());
				log.info("Embedded PostgreSQL already running for this data directory; using it on port {}", port);
				return new EmbeddedDatabase(null, port);
			}
			stopLeftover(settings.embeddedDir());
			EmbeddedPostgres server = EmbeddedPostgres.builder()
				.setDataDirectory(settings.embeddedDir())
				.setCleanDataDirectory(false)
				.setPort(settings.embeddedPort())
				.setServerConfig("max_connections", "200")
				// The library's default lets a commit return before its WAL is written: a crash of
				// the server could then lose what a person was told was saved. Not here.
				.setServerConfig("synchronous_commit", "on")
				.start();
			prepare(server, settings.username());
			Files.writeString(portFile, Integer.toString(server.getPort()));
			log.info("Embedded PostgreSQL running on port {} with data in {}", server.getPort(),
					settings.embeddedDir().toAbsolutePath().normalize());
			return new EmbeddedDatabase(server, server.getPort());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL", ex);
		}
	}

	/**
	 * A portal that was killed (or crashed) leaves its PostgreSQL running, and a second
	 * server cannot start on the same files. Such a leftover is shut down first — a normal
	 * shutdown, since its clients are gone — so this start owns the server it runs.
	 */
	private static void stopLeftover(Path dataDirectory) {
		Path pidFile = dataDirectory.resolve("postmaster.pid");
		try {
			if (!Files.exists(pidFile)) {
				return;
			}
			long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
			ProcessHandle.of(pid)
				.filter(handle -> handle.info().command().map(command -> command.endsWith("postgres")).orElse(false))
				.ifPresent(handle -> {
					log.warn("A PostgreSQL left running by an earlier run of the portal was found; shutting it down first");
					handle.destroy();
					try {
						handle.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
					}
					catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException ex) {
						handle.destroyForcibly();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				});
		}
		catch (IOException | NumberFormatException | IndexOutOfBoundsException ex) {
			log.debug("No leftover PostgreSQL to stop", ex);
		}
	}

	static final String MAJOR_VERSION = "15";

	private static void checkVersion(Path dataDirectory) throws IOException {
		Path version = dataDirectory.resolve("PG_VERSION");
		if (Files.exists(version)) {
			String found = Files.readString(version).strip();
			if (!found.equals(MAJOR_VERSION)) {
				throw new IllegalStateException("The embedded database in " + dataDirectory.toAbsolutePath().normalize()
						+ " was made by PostgreSQL " + found + ", but this version of Tiaki runs PostgreSQL "
						+ MAJOR_VERSION + ". Move that directory aside (a fresh demo is seeded on the next start), "
						+ "or dump it with PostgreSQL " + found + "'s pg_dump and restore it.");
			}
		}
	}

	private static void prepare(EmbeddedPostgres server, String appRole) {
		if (!appRole.matches("[a-z_][a-z0-9_]*")) {
			throw new IllegalStateException("The application role name must be a plain identifier");
		}
		try (Connection connection = server.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			if (!exists(connection, "select 1 from pg_database where datname = ?", DATABASE)) {
				statement.execute("create database " + DATABASE);
			}
			if (!exists(connection, "select 1 from pg_roles where rolname = ?", appRole)) {
				statement.execute("create role " + appRole + " login");
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not prepare the portal's database", ex);
		}
	}

	private static boolean exists(Connection connection, String query, String name) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(query)) {
			statement.setString(1, name);
			return statement.executeQuery().next();
		}
	}

	private static boolean lockedByAnother(Path lockFile) {
		try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
			FileLock lock = channel.tryLock();
			if (lock == null) {
				return true;
			}
			lock.release();
			return false;
		}
		catch (OverlappingFileLockException ex) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	String jdbcUrl(String user) {
		return "jdbc:postgresql://localhost:" + this.port + "/" + DATABASE + "?user=" + user;
	}

	/**
	 * @return the port the server listens on (loopback only)
	 */
	public int port() {
		return this.port;
	}

	@Override
	public void close() throws IOException {
		if (this.server != null) {
			this.server.close();
		}
	}

}
