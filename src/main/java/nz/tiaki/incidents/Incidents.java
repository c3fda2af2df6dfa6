package nz.tiaki.incidents;

import java.sql.Timestamp;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;
import nz.tiaki.clinics.Practices;
import nz.tiaki.guard.Guard;
import nz.tiaki.identity.AccountId;
import nz.tiaki.identity.AccountSessions;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;
import nz.tiaki.vault.Vault;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Scopes a breach from the audit log: which patients' data and which documents a set of
 * accounts, sessions or addresses actually received in a window. Only allowed decisions
 * count; a document counts once its content was delivered.
 */
@Service
public class Incidents {

	private static final UUID NOBODY = new UUID(0, 0);

	static final String DELIVERED = "download:";

	private final JdbcClient jdbc;

	private final Practices practices;

	private final Guard guard;

	private final AccountSessions sessions;

	private final Vault vault;

	private final AuditTrail audit;

	private final nz.tiaki.apps.Apps apps;

	private final nz.tiaki.identity.Accounts accounts;

	Incidents(JdbcClient jdbc, Practices practices, Guard guard, AccountSessions sessions, Vault vault,
			AuditTrail audit, nz.tiaki.apps.Apps apps, nz.tiaki.identity.Accounts accounts) {
		this.accounts = accounts;
		this.apps = apps;
		this.jdbc = jdbc;
		this.practices = practices;
		this.guard = guard;
		this.sessions = sessions;
		this.vault = vault;
		this.audit = audit;
	}

	/**
	 * Every allowed read of a patient's data by the suspects in the window, oldest first.
	 * @param scope the suspects and window
	 * @param reads receives each read
	 */
	void eachRead(Scope scope, Consumer<Read> reads) {
		this.jdbc.sql("""
				select patient_id, action, object_ref from audit_event
				where category = 'ACCESS' and decision = 'ALLOW' and occurred_at >= :from and occurred_at < :to
				  and patient_id is not null and action like 'READ\\_%'
				  and (account_id in (:accounts) or session_ref in (:sessions) or source_address in (:addresses)
				""" + rangeClause(scope) + """
				)
				order by occurred_at, id
				""")
			.param("from", Timestamp.from(scope.from()))
			.param("to", Timestamp.from(scope.to()))
			.param("accounts", scope.accounts().isEmpty() ? Set.of(NOBODY) : scope.accounts())
			.param("sessions", scope.sessions().isEmpty() ? Set.of("-") : scope.sessions())
			.param("addresses", scope.exactAddresses().isEmpty() ? Set.of("-") : scope.exactAddresses())
			.param("ranges", scope.addressRanges())
			.query((org.springframework.jdbc.core.RowCallbackHandler) rs -> reads.accept(new Read(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3))));
	}

	/**
	 * @return the condition for address ranges, only when there are any: without ranges the
	 * query stays one the address and session indexes answer
	 */
	private static String rangeClause(Scope scope) {
		return scope.addressRanges().length == 0 ? ""
				: " or (source_address is not null and cast(source_address as inet) <<= any(cast(:ranges as cidr[])))";
	}

	/**
	 * One allowed read.
	 *
	 * @param patient whose data
	 * @param action what was read
	 * @param objectRef which object, if one
	 */
	record Read(UUID patient, String action, String objectRef) {

		/**
		 * @return the document whose content this read delivered, if it did
		 */
		Optional<UUID> deliveredDocument() {
			return "READ_DOCUMENT".equals(this.action) && this.objectRef != null && this.objectRef.startsWith(DELIVERED)
					? Optional.of(UUID.fromString(this.objectRef.substring(DELIVERED.length()))) : Optional.empty();
		}

	}

	/**
	 * Contains an incident in one action: locks the suspect accounts and forces a password
	 * and second-factor reset (their credentials are destroyed; a new invitation from the
	 * practice lets the holder set new ones and lifts the lock), ends every session of
	 * theirs, every suspect session, and every session seen from a suspect address in the
	 * window; optionally rotates the master key. Audited.
	 * @param scope the suspects
	 * @param rotateMasterKey whether to rotate the master key too
	 * @return what was done
	 */
	public Containment contain(Scope scope, boolean rotateMasterKey) {
		return contain(scope, rotateMasterKey, null);
	}

	/**
	 * As {@link #contain(Scope, boolean)}, recording which operator's account acted.
	 * @param scope the suspects
	 * @param rotateMasterKey whether to rotate the master key too
	 * @param by the operator's account, or {@code null} from the command line
	 * @return what was done
	 */
	public Containment contain(Scope scope, boolean rotateMasterKey, UUID by) {
		Set<String> refs = new HashSet<>(scope.sessions());
		if (!scope.addresses().isEmpty()) {
			refs.addAll(this.jdbc.sql("""
					select distinct session_ref from audit_event
					where (source_address in (:addresses)
					""" + rangeClause(scope) + """
					) and occurred_at >= :from and occurred_at < :to and session_ref is not null
					""")
				.param("addresses", scope.exactAddresses().isEmpty() ? Set.of("-") : scope.exactAddresses())
				.param("ranges", scope.addressRanges())
				.param("from", Timestamp.from(scope.from()))
				.param("to", Timestamp.from(scope.to()))
				.query(String.class)
				.list());
		}
		for (UUID account : scope.accounts()) {
			this.guard.lockAccount(account, "incident");
			this.accounts.resetCredentials(new AccountId(account), by);
			this.sessions.endAll(new AccountId(account), null, "incident");
		}
		refs.forEach(ref -> this.guard.lockSession(ref, "incident"));
		int ended = this.sessions.endByReference(refs) + this.apps.endByReference(refs);
		int rewrapped = rotateMasterKey ? this.vault.rotateMasterKey() : 0;
		this.audit.record(SecurityEventType.INCIDENT_CONTAINED, by,
				"accounts:" + scope.accounts().size() + " sessions:" + refs.size() + " rotated:" + rotateMasterKey);
		return new Containment(scope.accounts().size(), ended, rewrapped);
	}

	/**
	 * @param scope the suspects and the window
	 * @return what they were given
	 */
	@Transactional(readOnly = true)
	public Exposure scope(Scope scope) {
		Set<UUID> patients = new HashSet<>();
		Set<UUID> documents = new HashSet<>();
		long[] examined = { 0 };
		eachRead(scope, read -> {
			examined[0]++;
			patients.add(read.patient());
			read.deliveredDocument().ifPresent(documents::add);
		});
		Map<UUID, Integer> byPractice = new HashMap<>();
		for (UUID patient : patients) {
			for (PracticeId practice : this.practices.practicesOf(new PatientId(patient))) {
				byPractice.merge(practice.value(), 1, Integer::sum);
			}
		}
		return new Exposure(Set.copyOf(patients), Set.copyOf(documents), Map.copyOf(byPractice), examined[0]);
	}

}
