package nz.tiaki.patients;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import nz.tiaki.access.Grant;
import nz.tiaki.access.Proxies;
import nz.tiaki.identity.AccountAuthorities;
import nz.tiaki.identity.AccountHolder;
import nz.tiaki.shared.ids.PatientId;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The patient registry. Identity is sealed under each patient's key: reading it needs a
 * {@link Grant} from the access gate, and the registry itself never decides who may see
 * whom.
 */
@Service
public class Patients implements AccountAuthorities, Proxies {

	private final PatientStore patients;

	private final ProxyStore proxies;

	Patients(PatientStore patients, ProxyStore proxies) {
		this.patients = patients;
		this.proxies = proxies;
	}

	/**
	 * Reserves a registry entry for a new patient: their look-up indexes, no readable
	 * identity yet. The caller enrols them and then writes the identity with a grant, in the
	 * same transaction.
	 * @param patient who
	 * @return their new id
	 * @throws PatientRejected when a patient with that NHI is already registered
	 */
	@Transactional
	public PatientId reserve(NewPatient patient) {
		if (this.patients.byNhi(patient.nhi()).isPresent()) {
			throw new PatientRejected("A patient with that NHI number is already registered.");
		}
		PatientId id = PatientId.random();
		this.patients.reserve(id, patient);
		return id;
	}

	/**
	 * Seals and stores a patient's identity.
	 * @param grant a grant for the patient permitting demographic writes
	 * @param patient who they are
	 */
	@Transactional
	public void writeIdentity(Grant grant, NewPatient patient) {
		this.patients.writeIdentity(grant, patient);
	}

	/**
	 * Forgets who a patient is (their data key destroyed, the portal holding nothing more of
	 * them): the sealed identity and every look-up index go; the bare id stays, so the audit
	 * still adds up.
	 * @param grant a grant for the patient that permits destroying their data
	 */
	@Transactional
	public void forget(Grant grant) {
		if (!grant.permits(nz.tiaki.access.Action.SHRED)) {
			throw new IllegalArgumentException("The grant does not permit forgetting the patient");
		}
		this.patients.forget(grant.patient());
	}

	/**
	 * @param id a patient id
	 * @return whether such a patient is registered (no data)
	 */
	@Transactional(readOnly = true)
	public boolean registered(PatientId id) {
		return this.patients.exists(id);
	}

	/**
	 * @param nhi an NHI
	 * @return the registered patient with that NHI, if any (no data, only the id)
	 */
	@Transactional(readOnly = true)
	public Optional<PatientId> findByNhi(Nhi nhi) {
		return this.patients.byNhi(nhi);
	}

	/**
	 * @param grant a grant for one patient
	 * @return who they are
	 */
	@Transactional(readOnly = true)
	public Optional<PatientSummary> find(Grant grant) {
		return this.patients.open(grant);
	}

	/**
	 * @param grants grants for several patients
	 * @return who they are, by family then given name
	 */
	@Transactional(readOnly = true)
	public List<PatientSummary> findAll(Collection<Grant> grants) {
		List<PatientSummary> found = new ArrayList<>(grants.size());
		for (Grant grant : grants) {
			this.patients.open(grant).ifPresent(found::add);
		}
		found.sort(java.util.Comparator.comparing(PatientSummary::familyName, String.CASE_INSENSITIVE_ORDER)
			.thenComparing(PatientSummary::givenName, String.CASE_INSENSITIVE_ORDER));
		return found;
	}

	@Override
	public Set<String> rolesOf(AccountHolder holder) {
		if (holder.kind() == AccountHolder.Kind.PATIENT && this.patients.exists(new PatientId(holder.id()))) {
			return Set.of("PATIENT");
		}
		return Set.of();
	}

	@Override
	public Set<String> scopesFor(java.util.UUID proxyPatientId, PatientId patient) {
		return this.proxies.scopesInForce(proxyPatientId, patient);
	}

}
