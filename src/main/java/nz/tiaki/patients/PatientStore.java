package nz.tiaki.patients;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import nz.tiaki.access.Grant;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.vault.Vault;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Patient rows: keyed-hash indexes to find a patient by NHI, e-mail, or family name and
 * date of birth, and the identity itself sealed under the patient's own key.
 */
@Repository
class PatientStore {

	static final String KIND = "identity";

	private final JdbcClient jdbc;

	private final Vault vault;

	PatientStore(JdbcClient jdbc, Vault vault) {
		this.jdbc = jdbc;
		this.vault = vault;
	}

	byte[] nhiIndex(Nhi nhi) {
		return this.vault.index("nhi", nhi.value());
	}

	byte[] emailIndex(String email) {
		return this.vault.index("patient-email", email.strip().toLowerCase(Locale.ROOT));
	}

	byte[] nameBirthIndex(String familyName, LocalDate birthDate) {
		return this.vault.index("family-birth", familyName.strip().toLowerCase(Locale.ROOT) + "|" + birthDate);
	}

	void reserve(PatientId id, NewPatient patient) {
		this.jdbc.sql("""
				insert into patient (id, nhi_index, email_index, name_birth_index)
				values (:id, :nhi, :email, :nameBirth)
				""")
			.param("id", id.value())
			.param("nhi", nhiIndex(patient.nhi()))
			.param("email", patient.email() == null ? null : emailIndex(patient.email()))
			.param("nameBirth", nameBirthIndex(patient.familyName(), patient.birthDate()))
			.update();
	}

	void writeIdentity(Grant grant, NewPatient patient) {
		byte[] sealed = this.vault.seal(grant, KIND, grant.patient().value(), encode(patient));
		this.jdbc.sql("update patient set identity_sealed = :sealed where id = :id")
			.param("sealed", sealed)
			.param("id", grant.patient().value())
			.update();
	}

	/**
	 * Forgets who a patient is: the sealed identity goes, and the keyed-hash indexes are
	 * replaced by random bytes, so no name, NHI or address finds the row again.
	 */
	void forget(PatientId id) {
		byte[] random = new byte[32];
		new java.security.SecureRandom().nextBytes(random);
		this.jdbc.sql("""
				update patient set identity_sealed = null, email_index = null, name_birth_index = null,
				  nhi_index = :random where id = :id
				""")
			.param("random", random)
			.param("id", id.value())
			.update();
	}

	boolean exists(PatientId id) {
		return this.jdbc.sql("select count(*) from patient where id = :id")
			.param("id", id.value())
			.query(Integer.class)
			.single() > 0;
	}

	Optional<PatientId> byNhi(Nhi nhi) {
		return this.jdbc.sql("select id from patient where nhi_index = :index")
			.param("index", nhiIndex(nhi))
			.query(UUID.class)
			.optional()
			.map(PatientId::new);
	}

	Optional<PatientSummary> open(Grant grant) {
		return this.jdbc.sql("select identity_sealed from patient where id = :id")
			.param("id", grant.patient().value())
			.query((rs, n) -> rs.getBytes(1))
			.optional()
			.filter(sealed -> sealed != null)
			.map(sealed -> decode(grant.patient(),
					this.vault.open(grant, grant.patient(), KIND, grant.patient().value(), sealed)));
	}

	static byte[] encode(NewPatient patient) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(1);
			out.writeUTF(patient.nhi().value());
			out.writeUTF(patient.givenName());
			out.writeUTF(patient.familyName());
			out.writeUTF(patient.birthDate().toString());
			out.writeBoolean(patient.email() != null);
			if (patient.email() != null) {
				out.writeUTF(patient.email());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static PatientSummary decode(PatientId id, byte[] plaintext) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plaintext))) {
			if (in.readByte() != 1) {
				throw new IllegalStateException("Unknown identity format");
			}
			Nhi nhi = new Nhi(in.readUTF());
			String given = in.readUTF();
			String family = in.readUTF();
			LocalDate born = LocalDate.parse(in.readUTF());
			String email = in.readBoolean() ? in.readUTF() : null;
			return new PatientSummary(id, nhi, given, family, born, email);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
