package nz.tiaki.documents;

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
 * Document rows.
 */
@Repository
class DocumentStore {

	private final JdbcClient jdbc;

	DocumentStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(DocumentId id, PatientId patient, boolean fromPractice, PracticeId practice, DocumentKind kind,
			String mediaType, long size, byte[] title, byte[] filename, byte[] content, String contentStore, Instant now,
			UUID by) {
		this.jdbc.sql("""
				insert into document (id, patient_id, practice_id, source, kind, media_type, size_bytes, title_sealed,
				  filename_sealed, content_sealed, content_store, created_at, created_by)
				values (:id, :patient, :practice, :source, :kind, :type, :size, :title, :filename, :content, :store, :now,
				  :by)
				""")
			.param("id", id.value())
			.param("patient", patient.value())
			.param("practice", practice == null ? null : practice.value())
			.param("source", fromPractice ? "PRACTICE" : "PATIENT")
			.param("kind", kind.name())
			.param("type", mediaType)
			.param("size", size)
			.param("title", title)
			.param("filename", filename)
			.param("content", content)
			.param("store", contentStore)
			.param("now", Timestamp.from(now))
			.param("by", by)
			.update();
	}

	long uploadedBy(PatientId patient) {
		return this.jdbc.sql("select coalesce(sum(size_bytes), 0) from document where patient_id = :p and source = 'PATIENT'")
			.param("p", patient.value())
			.query(Long.class)
			.single();
	}

	Optional<PatientId> ownerOf(DocumentId id) {
		return this.jdbc.sql("select patient_id from document where id = :id")
			.param("id", id.value())
			.query(UUID.class)
			.optional()
			.map(PatientId::new);
	}

	List<Row> of(PatientId patient) {
		return this.jdbc.sql("""
				select id, source, kind, media_type, size_bytes, title_sealed, created_at, practice_id from document
				where patient_id = :p order by created_at desc, id
				""")
			.param("p", patient.value())
			.query((rs, n) -> new Row(new DocumentId(rs.getObject(1, UUID.class)), rs.getString(2).equals("PRACTICE"),
					DocumentKind.valueOf(rs.getString(3)), rs.getString(4), rs.getLong(5), rs.getBytes(6),
					rs.getTimestamp(7).toInstant(), practice(rs.getObject(8, UUID.class))))
			.list();
	}

	private static PracticeId practice(UUID id) {
		return id == null ? null : new PracticeId(id);
	}

	/**
	 * Practice documents published before a moment, oldest first, after a given one (keyset
	 * paging): metadata only.
	 */
	List<Stored> publishedBefore(Instant before, Instant afterTime, UUID afterId, int limit) {
		return this.jdbc.sql("""
				select id, patient_id, practice_id, kind, created_at from document
				where source = 'PRACTICE' and created_at < :before and (created_at, id) > (:afterTime, :afterId)
				order by created_at, id limit :limit
				""")
			.param("before", Timestamp.from(before))
			.param("afterTime", Timestamp.from(afterTime))
			.param("afterId", afterId)
			.param("limit", limit)
			.query((rs, n) -> new Stored(new DocumentId(rs.getObject(1, UUID.class)),
					new PatientId(rs.getObject(2, UUID.class)), practice(rs.getObject(3, UUID.class)),
					DocumentKind.valueOf(rs.getString(4)), rs.getTimestamp(5).toInstant(), true))
			.list();
	}

	/**
	 * Patient-uploaded documents of one patient: metadata only.
	 */
	List<DocumentId> uploadsOf(PatientId patient) {
		return this.jdbc.sql("select id from document where patient_id = :p and source = 'PATIENT'")
			.param("p", patient.value())
			.query(UUID.class)
			.list()
			.stream()
			.map(DocumentId::new)
			.toList();
	}

	/**
	 * Documents a practice published to a patient: metadata only.
	 */
	List<DocumentId> publishedBy(PracticeId practice, PatientId patient) {
		return this.jdbc.sql("select id from document where patient_id = :p and practice_id = :practice")
			.param("p", patient.value())
			.param("practice", practice.value())
			.query(UUID.class)
			.list()
			.stream()
			.map(DocumentId::new)
			.toList();
	}

	Optional<Stored> stored(DocumentId id) {
		return this.jdbc.sql("select id, patient_id, practice_id, kind, created_at, source from document where id = :id")
			.param("id", id.value())
			.query((rs, n) -> new Stored(new DocumentId(rs.getObject(1, UUID.class)),
					new PatientId(rs.getObject(2, UUID.class)), practice(rs.getObject(3, UUID.class)),
					DocumentKind.valueOf(rs.getString(4)), rs.getTimestamp(5).toInstant(),
					rs.getString(6).equals("PRACTICE")))
			.optional();
	}

	/** Deletes a document; a message that carried it keeps its text. */
	boolean delete(DocumentId id) {
		return this.jdbc.sql("delete from document where id = :id").param("id", id.value()).update() == 1;
	}

	Optional<Content> content(DocumentId id) {
		return this.jdbc.sql("select patient_id, media_type, filename_sealed, content_sealed from document where id = :id")
			.param("id", id.value())
			.query((rs, n) -> new Content(new PatientId(rs.getObject(1, UUID.class)), rs.getString(2), rs.getBytes(3),
					rs.getBytes(4)))
			.optional();
	}

	/**
	 * What it takes to hand a document over, without its sealed content.
	 * @return whose it is and what to send it as, if it exists
	 */
	Optional<Handover> handover(DocumentId id) {
		return this.jdbc.sql("select " + HANDOVER + " from document where id = :id")
			.param("id", id.value())
			.query(DocumentStore::handover)
			.optional();
	}

	/**
	 * A document to hand over, read in the statement that records the decision on it, if it
	 * is the patient's.
	 * @param id the document
	 * @param patient whose it is presumed to be
	 * @return the presumption, for the gate
	 */
	nz.tiaki.audit.Presumption<Handover> handoverOf(DocumentId id, PatientId patient) {
		return new nz.tiaki.audit.Presumption<>(HANDOVER_OF,
				java.util.Map.of("object_id", id.value(), "object_patient", patient.value()), DocumentStore::handover);
	}

	private static final String HANDOVER = "id, patient_id, media_type, filename_sealed, "
			+ "content_store = 'database' as in_row, size_bytes";

	/** A patient's document to hand over: one text for every download. */
	private static final String HANDOVER_OF = "select " + HANDOVER
			+ " from document where id = cast(:object_id as uuid) and patient_id = cast(:object_patient as uuid)";

	private static Handover handover(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
		return new Handover(new DocumentId(rs.getObject(1, UUID.class)), new PatientId(rs.getObject(2, UUID.class)),
				rs.getString(3), rs.getBytes(4), rs.getBoolean(5), rs.getLong(6));
	}

	/**
	 * @return the sealed content kept in a document's own row, if it is there
	 */
	Optional<byte[]> contentInRow(DocumentId id) {
		return this.jdbc.sql("select content_sealed from document where id = :id and content_sealed is not null")
			.param("id", id.value())
			.query(byte[].class)
			.optional();
	}

	/**
	 * A document to hand over, without its sealed content.
	 *
	 * @param document the document
	 * @param patient whose it is
	 * @param mediaType its type
	 * @param filename its sealed file name
	 * @param inRow whether its sealed content is in its own row, rather than in a store elsewhere
	 * @param size the length of its content, opened
	 */
	record Handover(DocumentId document, PatientId patient, String mediaType, byte[] filename, boolean inRow,
			long size) {

		@Override
		public String toString() {
			return "Handover[" + this.document + "]";
		}

	}

	record Row(DocumentId id, boolean fromPractice, DocumentKind kind, String mediaType, long size, byte[] title,
			Instant createdAt, PracticeId practice) {
	}

	record Stored(DocumentId id, PatientId patient, PracticeId practice, DocumentKind kind, Instant createdAt,
			boolean fromPractice) {
	}

	record Content(PatientId patient, String mediaType, byte[] filename, byte[] content) {
	}

}
