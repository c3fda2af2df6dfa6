package nz.tiaki.appointments;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import nz.tiaki.shared.ids.PatientId;
import nz.tiaki.shared.ids.PracticeId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Slots, bookings and booking rules.
 */
@Repository
class AppointmentStore {

	private final JdbcClient jdbc;

	AppointmentStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record Rules(int bookAheadDays, int cancelHours, int reminderHours) {
	}

	record SlotRow(UUID id, PracticeId practice, UUID clinician, Instant startsAt, Instant endsAt, SlotKind kind,
			boolean patientsMayBook, boolean booked) {
	}

	record Booking(UUID id, UUID slot, PatientId patient, boolean cancelled) {
	}

	Rules rules(PracticeId practice) {
		return this.jdbc.sql("select book_ahead_days, cancel_hours, reminder_hours from booking_rules where practice_id = :p")
			.param("p", practice.value())
			.query((rs, n) -> new Rules(rs.getInt(1), rs.getInt(2), rs.getInt(3)))
			.optional()
			.orElse(new Rules(28, 2, 24));
	}

	boolean insertSlot(UUID id, PracticeId practice, UUID clinician, Instant start, Instant end, SlotKind kind,
			boolean patientsMayBook, UUID author) {
		return this.jdbc.sql("""
				insert into slot (id, practice_id, clinician_id, starts_at, ends_at, kind, open_to, created_by)
				values (:id, :p, :c, :s, :e, :k, :o, :a)
				on conflict do nothing
				""")
			.param("id", id)
			.param("p", practice.value())
			.param("c", clinician)
			.param("s", Timestamp.from(start))
			.param("e", Timestamp.from(end))
			.param("k", kind.name())
			.param("o", patientsMayBook ? "PATIENTS" : "STAFF")
			.param("a", author)
			.update() > 0;
	}

	private static final String SLOT_COLUMNS = """
			s.id, s.practice_id, s.clinician_id, s.starts_at, s.ends_at, s.kind, s.open_to = 'PATIENTS',
			exists (select 1 from appointment a where a.slot_id = s.id and a.cancelled_at is null)
			""";

	private static SlotRow slot(ResultSet rs, int n) throws SQLException {
		return new SlotRow(rs.getObject(1, UUID.class), new PracticeId(rs.getObject(2, UUID.class)),
				rs.getObject(3, UUID.class), rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(),
				SlotKind.valueOf(rs.getString(6)), rs.getBoolean(7), rs.getBoolean(8));
	}

	Optional<SlotRow> slot(UUID id) {
		return this.jdbc.sql("select " + SLOT_COLUMNS + " from slot s where s.id = :id and s.withdrawn_at is null")
			.param("id", id)
			.query(AppointmentStore::slot)
			.optional();
	}

	List<SlotRow> slots(Collection<PracticeId> practices, Instant from, Instant to) {
		if (practices.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("select " + SLOT_COLUMNS + """
				 from slot s where s.practice_id in (:p) and s.withdrawn_at is null
				and s.starts_at >= :from and s.starts_at < :to order by s.starts_at, s.clinician_id
				""")
			.param("p", practices.stream().map(PracticeId::value).toList())
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.query(AppointmentStore::slot)
			.list();
	}

	void book(UUID id, UUID slot, PatientId patient, UUID bookedBy, Instant at) {
		this.jdbc.sql("""
				insert into appointment (id, slot_id, patient_id, booked_at, booked_by)
				values (:id, :slot, :patient, :at, :by)
				""")
			.param("id", id)
			.param("slot", slot)
			.param("patient", patient.value())
			.param("at", Timestamp.from(at))
			.param("by", bookedBy)
			.update();
	}

	Optional<Booking> booking(UUID id) {
		return this.jdbc.sql("select id, slot_id, patient_id, cancelled_at is not null from appointment where id = :id")
			.param("id", id)
			.query((rs, n) -> new Booking(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
					new PatientId(rs.getObject(3, UUID.class)), rs.getBoolean(4)))
			.optional();
	}

	List<Booking> liveBookingsOf(Collection<UUID> slots) {
		if (slots.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("select id, slot_id, patient_id, false from appointment where slot_id in (:s) "
				+ "and cancelled_at is null")
			.param("s", slots)
			.query((rs, n) -> new Booking(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
					new PatientId(rs.getObject(3, UUID.class)), false))
			.list();
	}

	List<Booking> upcomingOf(PatientId patient, Instant from) {
		return this.jdbc.sql("""
				select a.id, a.slot_id, a.patient_id, false from appointment a join slot s on s.id = a.slot_id
				where a.patient_id = :p and a.cancelled_at is null and s.starts_at >= :from order by s.starts_at
				""")
			.param("p", patient.value())
			.param("from", Timestamp.from(from))
			.query((rs, n) -> new Booking(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
					new PatientId(rs.getObject(3, UUID.class)), false))
			.list();
	}

	boolean cancel(UUID id, UUID by, Instant at) {
		return this.jdbc.sql("update appointment set cancelled_at = :at, cancelled_by = :by where id = :id and cancelled_at is null")
			.param("at", Timestamp.from(at))
			.param("by", by)
			.param("id", id)
			.update() > 0;
	}

	record Due(UUID id, PatientId patient, PracticeId practice, Instant startsAt, SlotKind kind) {
	}

	List<Due> dueForReminder(Instant now) {
		return this.jdbc.sql("""
				select a.id, a.patient_id, s.practice_id, s.starts_at, s.kind
				from appointment a join slot s on s.id = a.slot_id
				left join booking_rules r on r.practice_id = s.practice_id
				where a.cancelled_at is null and a.reminded_at is null and s.starts_at > :now
				  and s.starts_at <= cast(:now as timestamptz) + make_interval(hours => coalesce(r.reminder_hours, 24))
				for update of a skip locked
				""")
			.param("now", Timestamp.from(now))
			.query((rs, n) -> new Due(rs.getObject(1, UUID.class), new PatientId(rs.getObject(2, UUID.class)),
					new PracticeId(rs.getObject(3, UUID.class)), rs.getTimestamp(4).toInstant(),
					SlotKind.valueOf(rs.getString(5))))
			.list();
	}

	void reminded(UUID id, Instant at) {
		this.jdbc.sql("update appointment set reminded_at = :at where id = :id")
			.param("at", Timestamp.from(at))
			.param("id", id)
			.update();
	}

	int deleteAppointments(PracticeId practice, PatientId patient) {
		return this.jdbc.sql("""
				delete from appointment where patient_id = :patient
				  and slot_id in (select id from slot where practice_id = :practice)
				""")
			.param("patient", patient.value())
			.param("practice", practice.value())
			.update();
	}

	int deletePractice(PracticeId practice) {
		this.jdbc.sql("delete from appointment where slot_id in (select id from slot where practice_id = :practice)")
			.param("practice", practice.value())
			.update();
		this.jdbc.sql("delete from booking_rules where practice_id = :practice").param("practice", practice.value()).update();
		return this.jdbc.sql("delete from slot where practice_id = :practice").param("practice", practice.value()).update();
	}

}
