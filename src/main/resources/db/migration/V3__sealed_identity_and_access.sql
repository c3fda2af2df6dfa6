-- Patient identity, sign-in names, invitation addresses and authenticator secrets are now
-- sealed, with keyed-hash (blind) indexes for exact look-ups. Data written before this
-- version held them in plain text; it is removed here rather than carried over (no
-- deployment predates this version; a demo database is seeded again on next start).

truncate spring_session, spring_session_attributes, user_credentials, user_entities, recovery_code, totp_factor,
    invitation, account, enrolment, patient, staff_member, practice, sign_in_throttle cascade;

-- Keys: one wrapped data keyset per patient, and per system purpose.
create table vault_key (
    owner_kind    text        not null check (owner_kind in ('PATIENT', 'SYSTEM')),
    owner_id      uuid        not null,
    wrapped       text,
    master_key_id bigint      not null,
    created_at    timestamptz not null,
    destroyed_at  timestamptz,
    primary key (owner_kind, owner_id),
    check ((wrapped is null) = (destroyed_at is not null))
);
create index vault_key_master on vault_key (master_key_id) where destroyed_at is null;

-- Patients: nothing readable.
alter table patient drop column nhi, drop column given_name, drop column family_name, drop column birth_date,
    drop column email;
alter table patient add column nhi_index bytea not null unique, add column email_index bytea,
    add column name_birth_index bytea, add column identity_sealed bytea;
create index patient_email_index on patient (email_index);
create index patient_name_birth_index on patient (name_birth_index);

-- Accounts: found by a keyed hash of the sign-in name, which itself is sealed.
alter table account drop column username;
alter table account add column username_index bytea not null unique, add column username_sealed bytea not null;

-- Invitations: the address sealed, the date of birth kept only as a keyed hash.
alter table invitation drop constraint if exists invitation_check;
alter table invitation drop column email, drop column birth_date;
alter table invitation add column email_sealed bytea not null, add column birth_check bytea;
alter table invitation add constraint invitation_patient_check check ((holder_kind = 'PATIENT') = (birth_check is not null));

-- Authenticator secrets sealed.
alter table totp_factor alter column secret type bytea;

-- Emergency access windows.
create table break_glass (
    id         uuid primary key,
    staff_id   uuid        not null,
    account_id uuid,
    patient_id uuid        not null references patient (id),
    reason     text        not null,
    started_at timestamptz not null,
    expires_at timestamptz not null
);
create index break_glass_staff_patient on break_glass (staff_id, patient_id, expires_at);
create index break_glass_patient on break_glass (patient_id, started_at);

-- Proxies: who may act for whom, in what scope, until when.
create table proxy_grant (
    id               uuid primary key,
    patient_id       uuid        not null references patient (id),
    proxy_patient_id uuid        not null references patient (id),
    scopes           text[]      not null,
    granted_at       timestamptz not null,
    expires_at       timestamptz,
    revoked_at       timestamptz,
    check (patient_id <> proxy_patient_id)
);
create index proxy_grant_proxy on proxy_grant (proxy_patient_id, patient_id);
