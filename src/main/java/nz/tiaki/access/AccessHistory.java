package nz.tiaki.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import nz.tiaki.audit.AccessEntry;
import nz.tiaki.audit.AuditTrail;
import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.web.RequestOrigin;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * "Who has seen my record": every access to a patient's data, allowed or refused, in plain
 * words. Reading it is itself an access, decided and recorded by the gate.
 */
@Service
public class AccessHistory {

	static final int LIMIT = 500;

	private static final Map<String, String> ACTIONS = Map.ofEntries(Map.entry("READ_DEMOGRAPHICS", "your details"),
			Map.entry("READ_SUMMARY", "your health summary"), Map.entry("READ_RESULTS", "your test results"),
			Map.entry("READ_NOTES", "your notes"), Map.entry("READ_DOCUMENT", "a document"),
			Map.entry("READ_ACCESS_HISTORY", "this access history"),
			Map.entry("WRITE_DEMOGRAPHICS", "your details (to change them)"),
			Map.entry("WRITE_RECORD", "your record (to add to it)"), Map.entry("RELEASE", "a result or note (to release it)"),
			Map.entry("PUBLISH_DOCUMENT", "your documents (to add one)"),
			Map.entry("UPLOAD_DOCUMENT", "your documents (to upload one)"),
			Map.entry("READ_APPOINTMENTS", "your appointments"),
			Map.entry("REQUEST_REPEAT", "your medicines (to ask for a repeat prescription)"),
			Map.entry("READ_REPEATS", "your repeat prescription requests"),
			Map.entry("READ_MESSAGES", "your messages with your practice"),
			Map.entry("SEND_MESSAGE", "your messages with your practice (to write one)"),
			Map.entry("DECIDE_REPEAT", "a repeat prescription request (to answer it)"),
			Map.entry("BOOK_APPOINTMENT", "your appointments (to book or cancel one)"), Map.entry("BREAK_GLASS", "emergency access to your record"),
			Map.entry("SHRED", "your data (to delete it)"), Map.entry("REMOVE_DOCUMENT", "a document (to remove it)"),
			Map.entry("REMOVE_MESSAGES", "your messages (to delete them)"),
			Map.entry("ERASE", "what a practice that left Tiaki held of you (to delete it)"),
			Map.entry("EXPORT_DATA", "a copy of all your information"),
			Map.entry("REQUEST_CORRECTION", "your record (to ask for a correction)"));

	private final AccessGate gate;

	private final AuditTrail audit;

	private final ObjectProvider<SubjectNames> names;

	private final Clock clock;

	AccessHistory(AccessGate gate, AuditTrail audit, ObjectProvider<SubjectNames> names, Clock clock) {
		this.gate = gate;
		this.audit = audit;
		this.names = names;
		this.clock = clock;
	}

	/**
	 * @param subject who asks (the patient, or a proxy with full-record scope)
	 * @param patient whose history
	 * @param period how far back; {@code null} for everything
	 * @return the accesses, newest first, at most 500
	 * @throws AccessDenied when the subject may not read this history
	 */
	public List<AccessHistoryItem> of(Subject subject, PatientId patient, Duration period) {
		this.gate.require(subject, patient, Action.READ_ACCESS_HISTORY, "access-history");
		Instant now = this.clock.instant();
		Instant from = period == null ? Instant.EPOCH : now.minus(period);
		List<AccessEntry> entries = this.audit.touching(patient.value(), from, now.plusSeconds(1), LIMIT);
		Set<UUID> staff = entries.stream()
			.filter(e -> "STAFF".equals(e.actorKind()) && e.actorId() != null)
			.map(AccessEntry::actorId)
			.collect(Collectors.toSet());
		Map<UUID, String> staffNames = new HashMap<>();
		this.names.orderedStream().forEach(source -> staffNames.putAll(source.describeStaff(staff)));
		Set<UUID> proxies = entries.stream()
			.filter(e -> "PATIENT".equals(e.actorKind()) && e.actorId() != null && !patient.value().equals(e.actorId()))
			.map(AccessEntry::actorId)
			.collect(Collectors.toSet());
		Map<UUID, String> proxyNames = new HashMap<>();
		if (!proxies.isEmpty()) {
			this.names.orderedStream().forEach(source -> proxyNames.putAll(source.describeProxies(patient.value(), proxies)));
		}
		return entries.stream().map(e -> item(e, patient, staffNames, proxyNames)).toList();
	}

	private static AccessHistoryItem item(AccessEntry entry, PatientId patient, Map<UUID, String> staffNames,
			Map<UUID, String> proxyNames) {
		String who = switch (entry.actorKind() == null ? "" : entry.actorKind()) {
			case "PATIENT" -> patient.value().equals(entry.actorId()) ? "You"
					: proxyNames.containsKey(entry.actorId()) ? "Your proxy, " + proxyNames.get(entry.actorId())
							: "Your proxy";
			case "STAFF" -> staffNames.getOrDefault(entry.actorId(), "A member of practice staff");
			case "APP" -> "A connected app";
			case "SYSTEM" -> "Tiaki (an automatic task)";
			default -> "Unknown";
		};
		String thing = ACTIONS.getOrDefault(entry.action(), "your information");
		String what = entry.allowed() ? "Opened " + thing : "Was refused " + thing;
		if ("REMOVE_DOCUMENT".equals(entry.action()) && entry.allowed()) {
			what = "Removed a document from Tiaki";
		}
		if ("BREAK_GLASS".equals(entry.action())) {
			what = entry.allowed() ? "Started emergency access to your record" : "Was refused emergency access";
		}
		return new AccessHistoryItem(entry.at(), who, what, entry.allowed(), entry.breakGlass(),
				new RequestOrigin(entry.sourceAddress(), null, null).coarseAddress());
	}

}
