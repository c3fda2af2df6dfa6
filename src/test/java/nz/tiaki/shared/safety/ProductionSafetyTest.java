package nz.tiaki.shared.safety;

import nz.tiaki.TiakiApplication;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Production refuses settings meant for trying Tiaki out: the embedded database, demo data,
 * an origin that is not HTTPS, HTTPS that nothing terminates (ASVS 5.0 V13.1 configuration,
 * V12.1 TLS).
 */
class ProductionSafetyTest {

	private static MockEnvironment safe() {
		return new MockEnvironment().withProperty("tiaki.db.url", "jdbc:postgresql://db.internal:5432/tiaki")
			.withProperty("tiaki.demo.enabled", "false")
			.withProperty("tiaki.web.origin", "https://portal.example.nz")
			.withProperty("tiaki.web.trusted-proxies", "10.0.0.2");
	}

	@Test
	void aProductionConfigurationPasses() {
		assertThat(ProductionSafety.problems(safe())).isEmpty();
		assertThat(ProductionSafety.problems(safe().withProperty("tiaki.web.trusted-proxies", "")
			.withProperty("server.ssl.enabled", "true"))).isEmpty();
	}

	@Test
	void everyUnsafeSettingIsNamedWithWhatToSet() {
		assertThat(ProductionSafety.problems(safe().withProperty("tiaki.db.url", ""))).singleElement()
			.asString()
			.contains("embedded PostgreSQL", "TIAKI_DB_URL");
		assertThat(ProductionSafety.problems(safe().withProperty("tiaki.demo.enabled", "true"))).singleElement()
			.asString()
			.contains("TIAKI_DEMO_ENABLED=false");
		assertThat(ProductionSafety.problems(safe().withProperty("tiaki.web.origin", "http://portal.example.nz")))
			.singleElement()
			.asString()
			.contains("not HTTPS", "TIAKI_WEB_ORIGIN");
		assertThat(ProductionSafety.problems(safe().withProperty("tiaki.web.trusted-proxies", ""))).singleElement()
			.asString()
			.contains("terminate TLS", "TIAKI_WEB_TRUSTED_PROXIES");
	}

	@Test
	void thePortalRefusesToStartUnderTheProductionProfileWithTheDefaults() {
		assertThatIllegalStateException()
			.isThrownBy(() -> TiakiApplication.application(false).run("--spring.profiles.active=prod"))
			.withMessageContaining("will not start in production")
			.withMessageContaining("embedded PostgreSQL")
			.withMessageContaining("demo data is on")
			.withMessageContaining("not HTTPS");
	}

}
