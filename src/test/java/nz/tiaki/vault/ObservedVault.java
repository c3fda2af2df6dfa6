package nz.tiaki.vault;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import nz.tiaki.access.Grant;
import nz.tiaki.audit.AuditTrail;
import nz.tiaki.shared.ids.PatientId;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The real vault, counting what it opened for whom, so a test can prove that a refused
 * request never reached a sealed value.
 */
public class ObservedVault extends Vault {

	private static final Map<String, AtomicInteger> OPENED = new ConcurrentHashMap<>();

	ObservedVault(KeyStore keys, MasterKey master, AuditTrail audit, Clock clock, VaultSettings settings) {
		super(keys, master, audit, clock, settings);
	}

	@Override
	public byte[] open(Grant grant, PatientId patient, String kind, UUID recordId, byte[] sealed) {
		byte[] plain = super.open(grant, patient, kind, recordId, sealed);
		OPENED.computeIfAbsent(patient + "/" + kind, k -> new AtomicInteger()).incrementAndGet();
		return plain;
	}

	/**
	 * @param patient a patient
	 * @param kind a kind of sealed value, or {@code null} for all
	 * @return how many of their values were opened so far
	 */
	public static int opened(PatientId patient, String kind) {
		return OPENED.entrySet()
			.stream()
			.filter(e -> e.getKey().startsWith(patient + "/") && (kind == null || e.getKey().endsWith("/" + kind)))
			.mapToInt(e -> e.getValue().get())
			.sum();
	}

	/**
	 * Puts the observed vault in place of the plain one.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Configuration {

		@Bean
		@Primary
		Vault observedVault(KeyStore keys, MasterKey master, AuditTrail audit, Clock clock, VaultSettings settings) {
			return new ObservedVault(keys, master, audit, clock, settings);
		}

	}

}
