-- Appointments: the times clinicians are available (slots) and the bookings of them. A slot
-- has at most one live booking, enforced by the database, so two patients racing for the
-- same time cannot both have it.
create table booking_rules (
    practice_id    uuid primary key references practice (id),
    book_ahead_days int not null default 28,
    cancel_hours    int not null default 2,
    reminder_hours  int not null default 24
);

create table slot (
    id           uuid primary key,
    practice_id  uuid        not null references practice (id),
    clinician_id uuid        not null references staff_member (id),
    starts_at    timestamptz not null,
    ends_at      timestamptz not null,
    kind         text        not null check (kind in ('IN_PERSON', 'PHONE', 'VIDEO')),
    open_to      text        not null check (open_to in ('PATIENTS', 'STAFF')),
    created_by   uuid        not null,
    withdrawn_at timestamptz,
    check (ends_at > starts_at)
);
create index slot_practice_time on slot (practice_id, starts_at);
create unique index slot_one_per_clinician_time on slot (clinician_id, starts_at) where withdrawn_at is null;

create table appointment (
    id           uuid primary key,
    slot_id      uuid        not null references slot (id),
    patient_id   uuid        not null references patient (id),
    booked_at    timestamptz not null,
    booked_by    uuid,
    cancelled_at timestamptz,
    cancelled_by uuid,
    reminded_at  timestamptz
);
create unique index appointment_one_per_slot on appointment (slot_id) where cancelled_at is null;
create index appointment_patient on appointment (patient_id, booked_at);
