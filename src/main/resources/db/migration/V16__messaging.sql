-- Secure messaging. Subjects and bodies are sealed under the patient's key; who read what,
-- and when, is kept for each side.
create table message_thread (
    id           uuid primary key,
    patient_id   uuid        not null references patient (id),
    practice_id  uuid        not null references practice (id),
    addressed_to uuid references staff_member (id),
    subject      bytea       not null,
    started_at   timestamptz not null,
    closed_at    timestamptz,
    closed_by    uuid
);
create index message_thread_patient on message_thread (patient_id, started_at);
create index message_thread_practice on message_thread (practice_id, started_at);

create table message (
    id             uuid primary key,
    thread_id      uuid        not null references message_thread (id),
    sent_at        timestamptz not null,
    from_patient   boolean     not null,
    author_account uuid,
    author_staff   uuid references staff_member (id),
    body           bytea       not null,
    no_reply       boolean     not null default false
);
create index message_thread_time on message (thread_id, sent_at);

-- reader: 'PATIENT' for the patient's side, or a staff member's id
create table message_read (
    message_id uuid        not null references message (id),
    reader     text        not null,
    read_at    timestamptz not null,
    primary key (message_id, reader)
);
