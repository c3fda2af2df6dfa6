package nz.tiaki.shared.database;

import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Two connections to one database: the portal's, as the application role that may not
 * alter audit records, and the schema owner's, used only by migrations.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseSettings.class)
class DatabaseConfiguration {

	/**
	 * Refuses to start with more request threads than the pool can serve two connections
	 * each (a request's own and its audit event's), keeping two for the scheduled jobs:
	 * beyond that, a burst of requests could each hold one connection and wait for a second
	 * until every one of them times out.
	 */
	@Bean
	org.springframework.beans.factory.InitializingBean requestThreadsFitThePool(
			org.springframework.core.env.Environment environment, DatabaseSettings settings) {
		return () -> requireThreadsFitThePool(
				environment.getProperty("server.tomcat.threads.max", Integer.class, 200), settings.poolSize());
	}

	/**
	 * @param threads request threads
	 * @param pool connections in the pool
	 * @throws IllegalStateException, saying what to change, when the threads could exhaust
	 * the pool
	 */
	static void requireThreadsFitThePool(int threads, int pool) {
		if (threads * 2 > pool - 2) {
			throw new IllegalStateException("server.tomcat.threads.max is " + threads + ", but the database pool ("
					+ pool + " connections, tiaki.db.pool-size) serves at most " + Math.max(0, (pool - 2) / 2)
					+ " requests at once; set it to that or less, or make the pool larger");
		}
	}

	@Bean(destroyMethod = "close")
	EmbeddedDatabase embeddedDatabase(DatabaseSettings settings) {
		return settings.embedded() ? EmbeddedDatabase.start(settings) : null;
	}

	@Bean(destroyMethod = "close")
	@Primary
	HikariDataSource dataSource(DatabaseSettings settings, ObjectProvider<EmbeddedDatabase> embedded) {
		EmbeddedDatabase database = embedded.getIfAvailable();
		HikariConfig config = database != null ? config(database.jdbcUrl(settings.username()), null, null)
				: config(settings.url(), settings.username(), settings.password());
		config.setPoolName("tiaki");
		config.setMaximumPoolSize(settings.poolSize());
		config.setMinimumIdle(Math.min(5, settings.poolSize()));
		config.setConnectionTimeout(settings.connectionTimeout().toMillis());
		return new HikariDataSource(config);
	}

	@Bean(destroyMethod = "close")
	@FlywayDataSource
	HikariDataSource ownerDataSource(DatabaseSettings settings, ObjectProvider<EmbeddedDatabase> embedded) {
		EmbeddedDatabase database = embedded.getIfAvailable();
		HikariConfig config = database != null ? config(database.jdbcUrl(EmbeddedDatabase.OWNER), null, null)
				: config(settings.url(), settings.owner(), settings.ownerSecret());
		config.setPoolName("tiaki-owner");
		config.setMaximumPoolSize(2);
		config.setMinimumIdle(0);
		return new HikariDataSource(config);
	}

	@Bean
	FlywayConfigurationCustomizer applicationRole(DatabaseSettings settings) {
		return flyway -> flyway.placeholders(Map.of("appRole", settings.username()));
	}

	private static HikariConfig config(String url, String user, String password) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		// a batch of inserts (the audit chain's links, a list page's decisions) goes as
		// multi-row statements rather than one statement a row
		config.addDataSourceProperty("reWriteBatchedInserts", "true");
		if (user != null) {
			config.setUsername(user);
			config.setPassword(password);
		}
		return config;
	}

}
