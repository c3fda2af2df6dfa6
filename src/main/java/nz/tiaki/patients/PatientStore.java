package nz.tiaki.patients;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Patient rows.
 */
@Repository
class PatientStore {

	private static final String COLUMNS = "id, nhi, given_name, family_name, birth_date, email";

	private final JdbcClient jdbc;

	PatientStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(PatientId id, NewPatient patient) {
		this.jdbc.sql("""
				insert into patient (id, nhi, given_name, family_name, birth_date, email)
				values (:id, :nhi, :given, :family, :birth, :email)
				""")
			.param("id", id.value())
			.param("nhi", patient.nhi().value())
			.param("given", patient.givenName())
			.param("family", patient.familyName())
			.param("birth", patient.birthDate())
			.param("email", patient.email())
			.update();
	}

	boolean nhiTaken(Nhi nhi) {
		return this.jdbc.sql("select count(*) from patient where nhi = :nhi")
			.param("nhi", nhi.value())
			.query(Integer.class)
			.single() > 0;
	}

	Optional<PatientSummary> byId(PatientId id) {
		return this.jdbc.sql("select " + COLUMNS + " from patient where id = :id")
			.param("id", id.value())
			.query(PatientStore::map)
			.optional();
	}

	List<PatientSummary> byIds(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("select " + COLUMNS + " from patient where id in (:ids) order by family_name, given_name")
			.param("ids", ids)
			.query(PatientStore::map)
			.list();
	}

	private static PatientSummary map(ResultSet rs, int row) throws SQLException {
		return new PatientSummary(new PatientId(rs.getObject("id", UUID.class)), new Nhi(rs.getString("nhi")),
				rs.getString("given_name"), rs.getString("family_name"), rs.getObject("birth_date", LocalDate.class),
				rs.getString("email"));
	}

}
