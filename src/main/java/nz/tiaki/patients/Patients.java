package nz.tiaki.patients;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import nz.tiaki.identity.AccountAuthorities;
import nz.tiaki.identity.AccountHolder;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The patient registry. Callers decide who may see whom; this facade only keeps the
 * records.
 */
@Service
public class Patients implements AccountAuthorities {

	private final PatientStore patients;

	Patients(PatientStore patients) {
		this.patients = patients;
	}

	/**
	 * Adds a patient.
	 * @param patient who
	 * @return their new id
	 * @throws IllegalArgumentException when a patient with that NHI is already registered
	 */
	@Transactional
	public PatientId register(NewPatient patient) {
		if (this.patients.nhiTaken(patient.nhi())) {
			throw new IllegalArgumentException("A patient with that NHI number is already registered.");
		}
		PatientId id = new PatientId(UUID.randomUUID());
		this.patients.insert(id, patient);
		return id;
	}

	/**
	 * @param id a patient
	 * @return who they are, if registered
	 */
	@Transactional(readOnly = true)
	public Optional<PatientSummary> find(PatientId id) {
		return this.patients.byId(id);
	}

	/**
	 * @param ids patients
	 * @return those registered, by family then given name
	 */
	@Transactional(readOnly = true)
	public List<PatientSummary> findAll(Collection<PatientId> ids) {
		return this.patients.byIds(ids.stream().map(PatientId::value).collect(Collectors.toSet()));
	}

	@Override
	public Set<String> rolesOf(AccountHolder holder) {
		if (holder.kind() == AccountHolder.Kind.PATIENT && this.patients.byId(new PatientId(holder.id())).isPresent()) {
			return Set.of("PATIENT");
		}
		return Set.of();
	}

}
