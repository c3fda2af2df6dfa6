package nz.tiaki.clinics;

import nz.tiaki.shared.ids.PracticeId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Practice, staff and enrolment rows.
 */
@Repository
class ClinicStore {

	private static final String STAFF_COLUMNS = "id, practice_id, display_name, email, role, active";

	private final JdbcClient jdbc;

	ClinicStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insertPractice(PracticeId id, String name) {
		this.jdbc.sql("insert into practice (id, name) values (:id, :name)")
			.param("id", id.value())
			.param("name", name)
			.update();
	}

	int parentLinkAge(PracticeId id) {
		return this.jdbc.sql("select parent_link_age from practice where id = :id")
			.param("id", id.value())
			.query(Integer.class)
			.single();
	}

	void parentLinkAge(PracticeId id, int age) {
		this.jdbc.sql("update practice set parent_link_age = :age where id = :id")
			.param("age", age)
			.param("id", id.value())
			.update();
	}

	Optional<String> practiceName(PracticeId id) {
		return this.jdbc.sql("select name from practice where id = :id")
			.param("id", id.value())
			.query(String.class)
			.optional();
	}

	int releaseDelayDays(PracticeId practice) {
		return this.jdbc.sql("select release_delay_days from practice where id = :id")
			.param("id", practice.value())
			.query(Integer.class)
			.optional()
			.orElse(7);
	}

	int practiceCount() {
		return this.jdbc.sql("select count(*) from practice").query(Integer.class).single();
	}

	void insertStaff(StaffMember member) {
		this.jdbc.sql("""
				insert into staff_member (id, practice_id, display_name, email, role, active)
				values (:id, :practice, :name, :email, :role, true)
				""")
			.param("id", member.id())
			.param("practice", member.practice().value())
			.param("name", member.displayName())
			.param("email", member.email())
			.param("role", member.role().name())
			.update();
	}

	Optional<String> hpiPersonId(UUID staffId) {
		return this.jdbc.sql("select hpi_person_id from staff_member where id = :id and hpi_person_id is not null")
			.param("id", staffId)
			.query(String.class)
			.optional();
	}

	java.util.Map<UUID, String> hpiPersonIds(PracticeId practice) {
		java.util.Map<UUID, String> found = new java.util.HashMap<>();
		this.jdbc.sql("select id, hpi_person_id from staff_member where practice_id = :p and hpi_person_id is not null")
			.param("p", practice.value())
			.query((org.springframework.jdbc.core.RowCallbackHandler) rs -> found.put(rs.getObject(1, UUID.class),
					rs.getString(2)));
		return found;
	}

	/**
	 * @return whether another staff member of the practice has that CPN
	 */
	boolean hpiPersonIdTaken(PracticeId practice, UUID staffId, String cpn) {
		return this.jdbc.sql("""
				select count(*) from staff_member where practice_id = :p and hpi_person_id = :cpn and id <> :id
				""").param("p", practice.value()).param("cpn", cpn).param("id", staffId).query(Integer.class).single() > 0;
	}

	void setHpiPersonId(UUID staffId, String cpn) {
		this.jdbc.sql("update staff_member set hpi_person_id = :cpn where id = :id")
			.param("cpn", cpn)
			.param("id", staffId)
			.update();
	}

	Practices.PracticeHpi practiceHpi(PracticeId practice) {
		return this.jdbc.sql("select hpi_organisation_id, hpi_facility_id from practice where id = :id")
			.param("id", practice.value())
			.query((rs, n) -> new Practices.PracticeHpi(rs.getString(1), rs.getString(2)))
			.optional()
			.orElse(new Practices.PracticeHpi(null, null));
	}

	boolean hpiOrganisationIdTaken(PracticeId practice, String organisationId) {
		return this.jdbc.sql("select count(*) from practice where hpi_organisation_id = :o and id <> :id")
			.param("o", organisationId)
			.param("id", practice.value())
			.query(Integer.class)
			.single() > 0;
	}

	void setPracticeHpi(PracticeId practice, Practices.PracticeHpi hpi) {
		this.jdbc.sql("update practice set hpi_organisation_id = :o, hpi_facility_id = :f where id = :id")
			.param("o", hpi.organisationId())
			.param("f", hpi.facilityId())
			.param("id", practice.value())
			.update();
	}

	boolean staffEmailTaken(PracticeId practice, String email) {
		return this.jdbc.sql("select count(*) from staff_member where practice_id = :practice and lower(email) = lower(:email)")
			.param("practice", practice.value())
			.param("email", email)
			.query(Integer.class)
			.single() > 0;
	}

	Optional<StaffMember> staff(UUID id) {
		return this.jdbc.sql("select " + STAFF_COLUMNS + " from staff_member where id = :id")
			.param("id", id)
			.query(ClinicStore::mapStaff)
			.optional();
	}

	List<StaffMember> staffOf(PracticeId practice) {
		return this.jdbc.sql("select " + STAFF_COLUMNS + " from staff_member where practice_id = :practice order by display_name")
			.param("practice", practice.value())
			.query(ClinicStore::mapStaff)
			.list();
	}

	void deactivate(UUID staffId) {
		this.jdbc.sql("update staff_member set active = false where id = :id").param("id", staffId).update();
	}

	void unenrol(PracticeId practice, UUID patientId) {
		this.jdbc.sql("delete from enrolment where practice_id = :practice and patient_id = :patient")
			.param("practice", practice.value())
			.param("patient", patientId)
			.update();
	}

	void departed(PracticeId practice, java.time.Instant at) {
		this.jdbc.sql("update practice set departed_at = :at where id = :id")
			.param("at", java.sql.Timestamp.from(at))
			.param("id", practice.value())
			.update();
	}

	void enrol(PracticeId practice, UUID patientId) {
		this.jdbc.sql("insert into enrolment (practice_id, patient_id) values (:practice, :patient) on conflict do nothing")
			.param("practice", practice.value())
			.param("patient", patientId)
			.update();
	}

	boolean enrolled(PracticeId practice, UUID patientId) {
		return this.jdbc.sql("select count(*) from enrolment where practice_id = :practice and patient_id = :patient")
			.param("practice", practice.value())
			.param("patient", patientId)
			.query(Integer.class)
			.single() > 0;
	}

	List<UUID> practicesOf(UUID patientId) {
		return this.jdbc.sql("select practice_id from enrolment where patient_id = :patient order by enrolled_at")
			.param("patient", patientId)
			.query(UUID.class)
			.list();
	}

	/**
	 * One page of a practice's patients, most recently enrolled first, after a position
	 * (keyset paging on the enrolment index).
	 */
	List<PatientListPage.Position> enrolledPage(PracticeId practice, PatientListPage.Position after, int limit) {
		String where = after == null ? "" : " and (enrolled_at, patient_id) < (:time, :id)";
		var query = this.jdbc.sql("select patient_id, enrolled_at from enrolment where practice_id = :practice" + where
				+ " order by enrolled_at desc, patient_id desc limit :limit")
			.param("practice", practice.value())
			.param("limit", limit);
		if (after != null) {
			query = query.param("time", java.sql.Timestamp.from(after.enrolledAt())).param("id", after.patient());
		}
		return query.query((rs, n) -> new PatientListPage.Position(rs.getTimestamp(2).toInstant(),
				rs.getObject(1, UUID.class)))
			.list();
	}

	long enrolledCount(PracticeId practice) {
		return this.jdbc.sql("select count(*) from enrolment where practice_id = :practice")
			.param("practice", practice.value())
			.query(Long.class)
			.single();
	}

	List<UUID> enrolledPatients(PracticeId practice) {
		return this.jdbc.sql("select patient_id from enrolment where practice_id = :practice")
			.param("practice", practice.value())
			.query(UUID.class)
			.list();
	}

	private static StaffMember mapStaff(ResultSet rs, int row) throws SQLException {
		return new StaffMember(rs.getObject("id", UUID.class), new PracticeId(rs.getObject("practice_id", UUID.class)),
				rs.getString("display_name"), rs.getString("email"), StaffRole.valueOf(rs.getString("role")),
				rs.getBoolean("active"));
	}

}
