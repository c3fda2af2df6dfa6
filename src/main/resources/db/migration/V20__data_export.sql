-- A patient's copy of everything the portal holds of them (HIPC 2020 rule 6): made in the
-- background, kept sealed under the patient's key until collected once through a
-- short-lived link bound to the session, or until it expires.
create table data_export (
    id             uuid primary key,
    patient_id     uuid        not null references patient (id),
    account_id     uuid        not null,
    requested_at   timestamptz not null,
    status         text        not null check (status in ('WAITING', 'MAKING', 'READY', 'FAILED', 'COLLECTED',
                                                          'EXPIRED')),
    done           int         not null default 0,
    total          int         not null default 0,
    content_sealed bytea,
    size_bytes     bigint,
    ready_at       timestamptz,
    expires_at     timestamptz,
    lease_until    timestamptz
);
create index data_export_patient on data_export (patient_id, requested_at);
create index data_export_waiting on data_export (requested_at) where status in ('WAITING', 'MAKING');

create table data_export_link (
    token_hash  bytea primary key,
    export_id   uuid        not null references data_export (id) on delete cascade,
    session_ref text        not null,
    expires_at  timestamptz not null,
    used_at     timestamptz
);
