package nz.tiaki.shared.database;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one {@link DataSource}: the configured PostgreSQL, or the embedded one.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseSettings.class)
class DatabaseConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedDatabase embeddedDatabase(DatabaseSettings settings) {
		return settings.embedded() ? EmbeddedDatabase.start(settings) : null;
	}

	@Bean(destroyMethod = "close")
	HikariDataSource dataSource(DatabaseSettings settings, ObjectProvider<EmbeddedDatabase> embedded) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("tiaki");
		config.setMaximumPoolSize(20);
		EmbeddedDatabase database = embedded.getIfAvailable();
		if (database != null) {
			config.setJdbcUrl(database.jdbcUrl());
		}
		else {
			config.setJdbcUrl(settings.url());
			config.setUsername(settings.username());
			config.setPassword(settings.password());
		}
		return new HikariDataSource(config);
	}

}
