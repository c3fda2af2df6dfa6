-- Corrections (HIPC 2020 rule 7): a patient asks for an entry to be corrected; the practice
-- corrects it, keeping every earlier version, or keeps it and attaches the patient's
-- statement of the correction sought. Request, statement and answer are sealed under the
-- patient's key.
alter table clinical_entry add column version int not null default 1;

create table clinical_entry_version (
    entry_id       uuid        not null references clinical_entry (id) on delete cascade,
    version        int         not null,
    content_sealed bytea       not null,
    replaced_at    timestamptz not null,
    replaced_by    uuid,
    primary key (entry_id, version)
);

create table correction_request (
    id             uuid primary key,
    patient_id     uuid        not null references patient (id),
    practice_id    uuid references practice (id),
    entry_id       uuid        not null references clinical_entry (id) on delete cascade,
    requested_at   timestamptz not null,
    requested_by   uuid,
    request_sealed bytea       not null,
    status         text        not null check (status in ('REQUESTED', 'CORRECTED', 'STATEMENT_ATTACHED')),
    answered_at    timestamptz,
    answered_by    uuid,
    answer_sealed  bytea
);
create index correction_request_queue on correction_request (practice_id, status, requested_at);
create index correction_request_patient on correction_request (patient_id, requested_at);
create unique index correction_request_open on correction_request (entry_id) where status = 'REQUESTED';
