package nz.tiaki.records;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Clinical entry rows; content only ever sealed.
 */
@Repository
class EntryStore {

	private static final String COLUMNS = "id, patient_id, category, recorded_at, release_after, released_at, content_sealed";

	private final JdbcClient jdbc;

	EntryStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(EntryId id, PatientId patient, PracticeId practice, Category category, Instant now, UUID by,
			Instant releaseAfter, Instant releasedAt, byte[] sealed) {
		this.jdbc.sql("""
				insert into clinical_entry (id, patient_id, practice_id, category, recorded_at, recorded_by,
				  release_after, released_at, content_sealed)
				values (:id, :patient, :practice, :category, :now, :by, :after, :released, :sealed)
				""")
			.param("id", id.value())
			.param("practice", practice == null ? null : practice.value())
			.param("patient", patient.value())
			.param("category", category.name())
			.param("now", Timestamp.from(now))
			.param("by", by)
			.param("after", releaseAfter == null ? null : Timestamp.from(releaseAfter))
			.param("released", releasedAt == null ? null : Timestamp.from(releasedAt))
			.param("sealed", sealed)
			.update();
	}

	int deleteFrom(PracticeId practice, PatientId patient) {
		return this.jdbc.sql("delete from clinical_entry where practice_id = :practice and patient_id = :patient")
			.param("practice", practice.value())
			.param("patient", patient.value())
			.update();
	}

	Optional<Row> find(EntryId id) {
		return this.jdbc.sql("select " + COLUMNS + " from clinical_entry where id = :id")
			.param("id", id.value())
			.query(EntryStore::map)
			.optional();
	}

	List<Row> of(PatientId patient, Category category) {
		return this.jdbc.sql("select " + COLUMNS + """
				 from clinical_entry where patient_id = :patient and category = :category order by recorded_at desc, id
				""")
			.param("patient", patient.value())
			.param("category", category.name())
			.query(EntryStore::map)
			.list();
	}

	Optional<PracticeId> practiceOf(EntryId id) {
		return this.jdbc.sql("select practice_id from clinical_entry where id = :id and practice_id is not null")
			.param("id", id.value())
			.query(UUID.class)
			.optional()
			.map(PracticeId::new);
	}

	/**
	 * Replaces an entry's content, keeping what it said before as a numbered version.
	 * @return the new version's number
	 */
	int replace(EntryId id, byte[] sealed, UUID by, Instant now) {
		int version = this.jdbc.sql("select version from clinical_entry where id = :id for update")
			.param("id", id.value())
			.query(Integer.class)
			.single();
		this.jdbc.sql("""
				insert into clinical_entry_version (entry_id, version, content_sealed, replaced_at, replaced_by)
				select id, version, content_sealed, :now, :by from clinical_entry where id = :id
				""")
			.param("now", Timestamp.from(now))
			.param("by", by)
			.param("id", id.value())
			.update();
		this.jdbc.sql("update clinical_entry set content_sealed = :sealed, version = :next where id = :id")
			.param("sealed", sealed)
			.param("next", version + 1)
			.param("id", id.value())
			.update();
		return version + 1;
	}

	record Version(int version, Instant replacedAt, byte[] sealed) {
	}

	List<Version> versions(EntryId id) {
		return this.jdbc.sql("""
				select version, replaced_at, content_sealed from clinical_entry_version where entry_id = :id
				order by version desc
				""")
			.param("id", id.value())
			.query((rs, n) -> new Version(rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getBytes(3)))
			.list();
	}

	boolean release(EntryId id, UUID by, Instant now) {
		return this.jdbc.sql("""
				update clinical_entry set released_at = :now, released_by = :by
				where id = :id and released_at is null
				""")
			.param("now", Timestamp.from(now))
			.param("by", by)
			.param("id", id.value())
			.update() == 1;
	}

	private static Row map(ResultSet rs, int n) throws SQLException {
		return new Row(new EntryId(rs.getObject(1, UUID.class)), new PatientId(rs.getObject(2, UUID.class)),
				Category.valueOf(rs.getString(3)), rs.getTimestamp(4).toInstant(), instant(rs.getTimestamp(5)),
				instant(rs.getTimestamp(6)), rs.getBytes(7));
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

	record Row(EntryId id, PatientId patient, Category category, Instant recordedAt, Instant releaseAfter,
			Instant releasedAt, byte[] sealed) {

		boolean visibleToPatient(Instant now) {
			return !this.category.needsRelease() || this.releasedAt != null
					|| (this.releaseAfter != null && !now.isBefore(this.releaseAfter));
		}

		@Override
		public String toString() {
			return "EntryRow[" + this.id + "]";
		}

	}

}
