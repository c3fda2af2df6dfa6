package nz.tiaki.fhir;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IPagingProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.method.ResponsePage;
import nz.tiaki.apps.AppAccess;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Paging of FHIR searches with opaque cursors kept in PostgreSQL (so any node serves the
 * next page): a cursor holds only the ids found, is bound to the grant that searched, and
 * lasts ten minutes. Each page is read again through the providers — scopes, launch patient,
 * gate and audit — so access withdrawn between pages is withdrawn from the pages too.
 */
@Component
class Cursors implements IPagingProvider {

	static final Duration LIFETIME = Duration.ofMinutes(10);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final Callers callers;

	private final Map<String, ReadsById> readers = new HashMap<>();

	private final Clock clock;

	Cursors(JdbcClient jdbc, Callers callers, List<ReadsById> readers, Clock clock) {
		this.jdbc = jdbc;
		this.callers = callers;
		readers.forEach(reader -> this.readers.put(reader.resourceType(), reader));
		this.clock = clock;
	}

	@Override
	public int getDefaultPageSize() {
		return 50;
	}

	@Override
	public int getMaximumPageSize() {
		return 500;
	}

	@Override
	public String storeResultList(RequestDetails request, IBundleProvider results) {
		AppAccess caller = this.callers.current(request);
		List<String> refs = new ArrayList<>();
		for (IBaseResource resource : results.getResources(0, results.sizeOrThrowNpe())) {
			IdType id = (IdType) resource.getIdElement();
			refs.add(resource.fhirType() + "/" + id.getIdPart());
		}
		byte[] random = new byte[18];
		RANDOM.nextBytes(random);
		String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		Instant now = this.clock.instant();
		this.jdbc.sql("delete from fhir_cursor where expires_at < :now").param("now", Timestamp.from(now)).update();
		this.jdbc.sql("""
				insert into fhir_cursor (id, token_ref, refs, created_at, expires_at)
				values (:id, :token, :refs, :now, :expires)
				""")
			.param("id", cursor)
			.param("token", caller.tokenRef())
			.param("refs", refs.toArray(String[]::new))
			.param("now", Timestamp.from(now))
			.param("expires", Timestamp.from(now.plus(LIFETIME)))
			.update();
		return cursor;
	}

	@Override
	public IBundleProvider retrieveResultList(RequestDetails request, String cursor) {
		AppAccess caller = this.callers.current(request);
		List<String> refs = this.jdbc.sql("""
				select refs from fhir_cursor where id = :id and token_ref = :token and expires_at > :now
				""")
			.param("id", cursor == null ? "" : cursor)
			.param("token", caller.tokenRef())
			.param("now", Timestamp.from(this.clock.instant()))
			.query((rs, n) -> List.of((String[]) rs.getArray(1).getArray()))
			.optional()
			.orElseThrow(() -> new ResourceGoneException("This page of results has expired or is not yours; search "
					+ "again."));
		return new Page(refs, request);
	}

	/**
	 * The results of a search, read again a page at a time.
	 */
	private final class Page extends SimpleBundleProvider {

		private final List<String> refs;

		private final RequestDetails request;

		Page(List<String> refs, RequestDetails request) {
			super(refs.size());
			this.refs = refs;
			this.request = request;
			setPublished(new InstantType(java.util.Date.from(Cursors.this.clock.instant())));
		}

		@Override
		public List<IBaseResource> getResources(int from, int to, ResponsePage.ResponsePageBuilder builder) {
			List<IBaseResource> page = new ArrayList<>();
			for (String ref : this.refs.subList(Math.max(0, from), Math.min(to, this.refs.size()))) {
				IdType id = new IdType(ref);
				ReadsById reader = Cursors.this.readers.get(id.getResourceType());
				if (reader == null) {
					continue;
				}
				try {
					page.add(reader.read(id, this.request));
				}
				catch (ResourceNotFoundException ex) {
					// gone, or no longer the caller's: left out of the page
				}
			}
			builder.setTotalRequestedResourcesFetched(page.size());
			return page;
		}

	}

}
