package nz.tiaki.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * What integration tests add to the portal: a clock they move, and the fixtures.
 */
@TestConfiguration(proxyBeanMethods = false)
class TestSupportConfiguration {

	@Bean
	@Primary
	MutableClock testClock() {
		return new MutableClock();
	}

	@Bean
	Fixtures fixtures(ApplicationContext context, MutableClock clock) {
		return new Fixtures(context, clock);
	}

}
