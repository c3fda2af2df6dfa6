package nz.tiaki.fhir;

import java.time.Instant;
import java.util.Optional;

import nz.tiaki.shared.ids.PracticeId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * When a practice's systems last asked for a bulk export of its patients (for the record
 * of a practice leaving the portal).
 */
@Service
public class ExportHistory {

	private final JdbcClient jdbc;

	ExportHistory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param practice the practice
	 * @return when its last bulk export was requested, if ever
	 */
	@Transactional(readOnly = true)
	public Optional<Instant> lastExport(PracticeId practice) {
		return this.jdbc.sql("select max(requested_at) from bulk_export where practice_id = :p")
			.param("p", practice.value())
			.query((rs, n) -> rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant())
			.optional();
	}

}
