-- Breach notices: an incident, and for each affected patient a notice whose code (kept only
-- as a digest) lets them see on the public breach-status page what of theirs was affected.

create table incident (
    id          uuid primary key,
    title       text        not null,
    opened_at   timestamptz not null,
    window_from timestamptz not null,
    window_to   timestamptz not null
);

create table breach_notice (
    code_hash   bytea primary key,
    incident_id uuid        not null references incident (id),
    patient_id  uuid        not null references patient (id),
    documents   int         not null,
    areas       text[]      not null,
    issued_at   timestamptz not null
);
create index breach_notice_patient on breach_notice (patient_id);
