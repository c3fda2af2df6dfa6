package nz.tiaki.fhir;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import nz.tiaki.apps.AppAccess;
import nz.tiaki.apps.Apps;
import nz.tiaki.apps.SmartScope;
import nz.tiaki.audit.AuditTrail;
import nz.tiaki.audit.SecurityEventType;
import nz.tiaki.clinics.Practices;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.StringType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * FHIR Bulk Data export for a practice's system: {@code $export} (asynchronous kick-off),
 * {@code $export-poll-status} (the manifest) and the ndjson files. A job records only what
 * was asked; each file is produced when it is fetched, patient by patient through the same
 * providers, gate and audit as any read — so revoking the system's access stops an export
 * half-way, and no copy of the data waits at rest. Links need the same token and expire
 * after an hour.
 */
@Component
class BulkExport {

	static final Duration VALIDITY = Duration.ofHours(1);

	static final List<String> TYPES = List.of("Patient", "Condition", "MedicationStatement", "AllergyIntolerance",
			"Immunization", "Observation", "DocumentReference");

	private final Callers callers;

	private final Apps apps;

	private final Practices practices;

	private final PatientProvider patients;

	private final Map<String, EverythingSource> sources = new LinkedHashMap<>();

	private final JdbcClient jdbc;

	private final AuditTrail audit;

	private final FhirContext fhir;

	private final JsonMapper json;

	private final Clock clock;

	BulkExport(Callers callers, Apps apps, Practices practices, PatientProvider patients, List<EverythingSource> sources,
			JdbcClient jdbc, AuditTrail audit, FhirContext fhir, JsonMapper json, Clock clock) {
		this.callers = callers;
		this.apps = apps;
		this.practices = practices;
		this.patients = patients;
		sources.forEach(source -> this.sources.put(source.resourceType(), source));
		this.jdbc = jdbc;
		this.audit = audit;
		this.fhir = fhir;
		this.json = json;
		this.clock = clock;
	}

	@Operation(name = "$export", idempotent = true, manualResponse = true)
	public void kickOff(@OperationParam(name = "_type") StringType types,
			@OperationParam(name = "_since") DateTimeType since, RequestDetails request, HttpServletResponse response)
			throws IOException {
		AppAccess caller = this.callers.current(request);
		PracticeId practice = practiceOf(caller);
		String prefer = request.getHeader("Prefer");
		if (prefer == null || !prefer.contains("respond-async")) {
			throw new InvalidRequestException("A bulk export runs asynchronously: send the header Prefer: respond-async.");
		}
		List<String> asked = new ArrayList<>();
		for (String type : types == null || types.isEmpty() ? TYPES : List.of(types.getValue().split(","))) {
			String clean = type.strip();
			if (!TYPES.contains(clean)) {
				throw new InvalidRequestException("Resources of type " + Callers.shortened(clean)
						+ " cannot be exported; the types that can are " + String.join(", ", TYPES) + ".");
			}
			if (!caller.allows(clean, SmartScope.Permission.SEARCH)) {
				throw new ForbiddenOperationException("This system was not given access to " + clean + ".");
			}
			if (!asked.contains(clean)) {
				asked.add(clean);
			}
		}
		UUID job = UUID.randomUUID();
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				insert into bulk_export (id, client_id, practice_id, types, since, requested_at, expires_at)
				values (:id, :client, :practice, :types, :since, :now, :expires)
				""")
			.param("id", job)
			.param("client", caller.clientId())
			.param("practice", practice.value())
			.param("types", asked.toArray(String[]::new))
			.param("since", since == null || since.isEmpty() ? null : Timestamp.from(since.getValue().toInstant()))
			.param("now", Timestamp.from(now))
			.param("expires", Timestamp.from(now.plus(VALIDITY)))
			.update();
		this.audit.record(SecurityEventType.EXPORT_REQUESTED, null, "client:" + caller.clientId() + " job:" + job);
		response.setStatus(202);
		response.setHeader("Content-Location", request.getFhirServerBase() + "/$export-poll-status?_jobId=" + job);
	}

	@Operation(name = "$export-poll-status", idempotent = true, manualResponse = true)
	public void status(@OperationParam(name = "_jobId") StringType jobId, RequestDetails request,
			HttpServletResponse response) throws IOException {
		AppAccess caller = this.callers.current(request);
		Job job = job(caller, jobId);
		Map<String, Object> manifest = new LinkedHashMap<>();
		manifest.put("transactionTime", job.requestedAt().toString());
		manifest.put("request", request.getFhirServerBase() + "/$export?_type=" + String.join(",", job.types()));
		manifest.put("requiresAccessToken", true);
		List<Map<String, String>> output = new ArrayList<>();
		for (String type : job.types()) {
			output.add(Map.of("type", type, "url",
					request.getFhirServerBase() + "/$export-file?_jobId=" + job.id() + "&_type=" + type));
		}
		manifest.put("output", output);
		manifest.put("error", List.of());
		response.setStatus(200);
		response.setContentType("application/json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader("Expires", job.expiresAt().toString());
		response.getWriter().write(this.json.writeValueAsString(manifest));
	}

	@Operation(name = "$export-file", idempotent = true, manualResponse = true)
	public void file(@OperationParam(name = "_jobId") StringType jobId, @OperationParam(name = "_type") StringType type,
			RequestDetails request, HttpServletResponse response) throws IOException {
		AppAccess caller = this.callers.current(request);
		Job job = job(caller, jobId);
		String wanted = type == null ? "" : type.getValue();
		if (!job.types().contains(wanted)) {
			throw new ResourceNotFoundException("No such file in this export.");
		}
		List<IBaseResource> resources = new ArrayList<>();
		if (wanted.equals("Patient")) {
			resources.addAll(this.patients.search(null, null, null, request));
		}
		else {
			EverythingSource source = this.sources.get(wanted);
			for (PatientId patient : this.practices.enrolledAt(job.practice())) {
				resources.addAll(source.of(new ReferenceParam("Patient/" + patient.value()), request));
			}
		}
		response.setStatus(200);
		response.setContentType("application/fhir+ndjson");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		IParser parser = this.fhir.newJsonParser().setPrettyPrint(false);
		Writer out = response.getWriter();
		for (IBaseResource resource : resources) {
			if (job.since() == null || resource.getMeta().getLastUpdated() == null
					|| !resource.getMeta().getLastUpdated().toInstant().isBefore(job.since())) {
				out.write(parser.encodeResourceToString(resource));
				out.write('\n');
			}
		}
		out.flush();
	}

	private PracticeId practiceOf(AppAccess caller) {
		if (caller.patient() != null) {
			throw new ForbiddenOperationException("Bulk export is for a practice's own system.");
		}
		return this.apps.practiceOf(caller.clientId())
			.orElseThrow(() -> new ForbiddenOperationException("Bulk export is for a practice's own system."));
	}

	private Job job(AppAccess caller, StringType jobId) {
		practiceOf(caller);
		UUID id;
		try {
			id = UUID.fromString(jobId == null ? "" : jobId.getValue());
		}
		catch (IllegalArgumentException ex) {
			throw new ResourceNotFoundException("No such export.");
		}
		Optional<Job> job = this.jdbc.sql("""
				select id, practice_id, types, since, requested_at, expires_at from bulk_export
				where id = :id and client_id = :client and expires_at > :now
				""")
			.param("id", id)
			.param("client", caller.clientId())
			.param("now", Timestamp.from(this.clock.instant()))
			.query((rs, n) -> new Job(rs.getObject(1, UUID.class), new PracticeId(rs.getObject(2, UUID.class)),
					List.of((String[]) rs.getArray(3).getArray()),
					rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(),
					rs.getTimestamp(6).toInstant()))
			.optional();
		return job.orElseThrow(() -> new ResourceNotFoundException("No such export, or it has expired."));
	}

	private record Job(UUID id, PracticeId practice, List<String> types, Instant since, Instant requestedAt,
			Instant expiresAt) {
	}

}
