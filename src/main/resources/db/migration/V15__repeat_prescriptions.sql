-- Repeat prescription requests: which medicines (sealed), the patient's note (sealed), and
-- the practice's answer (sealed) with any fee.
create table repeat_request (
    id           uuid primary key,
    patient_id   uuid        not null references patient (id),
    practice_id  uuid        not null references practice (id),
    requested_at timestamptz not null,
    requested_by uuid,
    items        bytea       not null,
    note         bytea,
    status       text        not null check (status in ('REQUESTED', 'APPROVED', 'DECLINED')),
    decided_at   timestamptz,
    decided_by   uuid,
    answer       bytea,
    fee_cents    int check (fee_cents >= 0)
);
create index repeat_request_queue on repeat_request (practice_id, status, requested_at);
create index repeat_request_patient on repeat_request (patient_id, requested_at);
