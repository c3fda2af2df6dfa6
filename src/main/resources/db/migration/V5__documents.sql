-- Documents: content, title and file name sealed under the patient's key. Download links
-- are single-use, short-lived and bound to the session that asked for them; only a digest
-- of the link's token is kept.

create table document (
    id              uuid primary key,
    patient_id      uuid        not null references patient (id),
    source          text        not null check (source in ('PRACTICE', 'PATIENT')),
    kind            text        not null check (kind in ('LETTER', 'RESULT', 'DISCHARGE_SUMMARY', 'REFERRAL',
                                                         'PATIENT_UPLOAD', 'OTHER')),
    media_type      text        not null check (media_type in ('application/pdf', 'image/jpeg', 'image/png')),
    size_bytes      bigint      not null check (size_bytes > 0),
    title_sealed    bytea       not null,
    filename_sealed bytea       not null,
    content_sealed  bytea       not null,
    created_at      timestamptz not null,
    created_by      uuid
);
create index document_patient on document (patient_id, created_at);

create table download_link (
    token_hash  bytea primary key,
    document_id uuid        not null references document (id),
    session_ref text        not null,
    account_id  uuid,
    created_at  timestamptz not null,
    expires_at  timestamptz not null,
    used_at     timestamptz
);
create index download_link_expiry on download_link (expires_at);
