package nz.tiaki.documents;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds and deletes objects (or files) in the document store that no document row names: left
 * when a node stopped between writing one and committing its row, or between deleting a row
 * and its content. Only objects older than a margin are touched, so an upload in flight keeps
 * its object. They are sealed bytes, but bytes not held cannot leak.
 */
@Component
public class OrphanObjects {

	private final Optional<ContentElsewhere> store;

	private final JdbcClient jdbc;

	OrphanObjects(ContentStore store, JdbcClient jdbc) {
		this.store = store instanceof ContentElsewhere elsewhere ? Optional.of(elsewhere) : Optional.empty();
		this.jdbc = jdbc;
	}

	/** What a sweep found. */
	public record Sweep(long examined, long orphans, long deleted) {
	}

	/**
	 * @param olderThan leave objects younger than this
	 * @param delete whether to delete the orphans found, or only count them
	 * @return what was found and done; empty when documents are kept in PostgreSQL
	 */
	public Optional<Sweep> sweep(Duration olderThan, boolean delete) {
		if (this.store.isEmpty()) {
			return Optional.empty();
		}
		ContentElsewhere objects = this.store.get();
		Instant before = Instant.now().minus(olderThan);
		long[] counts = new long[3];
		objects.list(object -> {
			counts[0]++;
			if (object.lastModified().isBefore(before) && !this.jdbc
				.sql("select exists (select 1 from document where id = :id)")
				.param("id", object.id().value())
				.query(Boolean.class)
				.single()) {
				counts[1]++;
				if (delete) {
					objects.delete(object.id());
					counts[2]++;
				}
			}
		});
		return Optional.of(new Sweep(counts[0], counts[1], counts[2]));
	}

}
