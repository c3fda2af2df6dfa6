-- Practices, their staff, patients and enrolments.
create table practice (
    id         uuid primary key,
    name       text not null,
    created_at timestamptz not null default now()
);

create table staff_member (
    id           uuid primary key,
    practice_id  uuid not null references practice (id),
    display_name text not null,
    email        text not null,
    role         text not null check (role in ('DOCTOR', 'NURSE', 'RECEPTIONIST', 'PRACTICE_ADMIN')),
    active       boolean not null default true,
    created_at   timestamptz not null default now()
);
create index staff_member_practice on staff_member (practice_id);
create unique index staff_member_email on staff_member (practice_id, lower(email));

create table patient (
    id          uuid primary key,
    nhi         text not null unique,
    given_name  text not null,
    family_name text not null,
    birth_date  date not null,
    email       text,
    created_at  timestamptz not null default now()
);

create table enrolment (
    practice_id uuid not null references practice (id),
    patient_id  uuid not null references patient (id),
    enrolled_at timestamptz not null default now(),
    primary key (practice_id, patient_id)
);
create index enrolment_patient on enrolment (patient_id);

-- Accounts and how they are proven.
create table account (
    id                  uuid primary key,
    username            text not null unique,
    password_hash       text not null,
    holder_kind         text not null check (holder_kind in ('PATIENT', 'STAFF')),
    holder_id           uuid not null,
    enabled             boolean not null default true,
    created_at          timestamptz not null,
    password_changed_at timestamptz not null,
    unique (holder_kind, holder_id)
);

create table invitation (
    id              uuid primary key,
    code_hash       bytea not null unique,
    holder_kind     text not null check (holder_kind in ('PATIENT', 'STAFF')),
    holder_id       uuid not null,
    birth_date      date,
    email           text not null,
    issued_by       uuid,
    issued_at       timestamptz not null,
    expires_at      timestamptz not null,
    redeemed_at     timestamptz,
    revoked_at      timestamptz,
    failed_attempts int not null default 0,
    check ((holder_kind = 'PATIENT') = (birth_date is not null))
);
create index invitation_holder on invitation (holder_kind, holder_id);

create table totp_factor (
    id             uuid primary key,
    account_id     uuid not null references account (id) on delete cascade,
    secret         bytea not null,
    label          text not null,
    created_at     timestamptz not null,
    last_used_step bigint not null default 0
);
create index totp_factor_account on totp_factor (account_id);

create table recovery_code (
    account_id uuid not null references account (id) on delete cascade,
    code_hash  bytea not null,
    created_at timestamptz not null,
    used_at    timestamptz,
    primary key (account_id, code_hash)
);

-- Failure counters for sign-in and invitation throttling, keyed by a digest of the
-- typed user name or by source address; never by anything readable.
create table sign_in_throttle (
    throttle_key      text primary key,
    failures          int not null,
    window_started_at timestamptz not null,
    last_failure_at   timestamptz not null,
    locked_until      timestamptz
);

create table security_event (
    id             bigint generated always as identity primary key,
    occurred_at    timestamptz not null,
    event_type     text not null,
    account_id     uuid,
    subject_ref    text,
    session_ref    text,
    source_address text,
    user_agent     text,
    detail         text
);
create index security_event_account on security_event (account_id, id);
create index security_event_time on security_event (occurred_at);

-- Passkeys (the tables Spring Security's JDBC repositories read and write).
create table user_entities (
    id           varchar(1000) not null primary key,
    name         varchar(100)  not null unique,
    display_name varchar(200)
);

create table user_credentials (
    credential_id                varchar(1000) not null primary key,
    user_entity_user_id          varchar(1000) not null,
    public_key                   bytea         not null,
    signature_count              bigint,
    uv_initialized               boolean,
    backup_eligible              boolean       not null,
    authenticator_transports     varchar(1000),
    public_key_credential_type   varchar(100),
    backup_state                 boolean       not null,
    attestation_object           bytea,
    attestation_client_data_json bytea,
    created                      timestamp,
    last_used                    timestamp,
    label                        varchar(1000) not null
);
create index user_credentials_user on user_credentials (user_entity_user_id);

-- Sessions, shared by every node (the tables Spring Session's JDBC store reads and writes).
create table spring_session (
    primary_id            char(36) not null,
    session_id            char(36) not null,
    creation_time         bigint   not null,
    last_access_time      bigint   not null,
    max_inactive_interval int      not null,
    expiry_time           bigint   not null,
    principal_name        varchar(100),
    constraint spring_session_pk primary key (primary_id)
);
create unique index spring_session_ix1 on spring_session (session_id);
create index spring_session_ix2 on spring_session (expiry_time);
create index spring_session_ix3 on spring_session (principal_name);

create table spring_session_attributes (
    session_primary_id char(36)     not null,
    attribute_name     varchar(200) not null,
    attribute_bytes    bytea        not null,
    constraint spring_session_attributes_pk primary key (session_primary_id, attribute_name),
    constraint spring_session_attributes_fk foreign key (session_primary_id) references spring_session (primary_id) on delete cascade
);
