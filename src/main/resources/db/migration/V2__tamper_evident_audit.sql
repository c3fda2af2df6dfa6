-- One append-only log for security events and access decisions, linked into a hash chain
-- by the sealer and signed at checkpoints. The application role may read and append, never
-- change or delete; a trigger refuses changes from anyone short of a superuser who
-- disables it, and the chain shows what such a superuser changed.

create table audit_event (
    id             bigint generated always as identity primary key,
    occurred_at    timestamptz not null,
    category       text not null check (category in ('SECURITY', 'ACCESS')),
    event_type     text not null,
    account_id     uuid,
    actor_kind     text,
    actor_id       uuid,
    on_behalf_of   uuid,
    patient_id     uuid,
    action         text,
    purpose        text,
    decision       text check (decision in ('ALLOW', 'DENY')),
    reason         text,
    object_ref     text,
    break_glass    boolean not null default false,
    subject_ref    text,
    session_ref    text,
    source_address text,
    user_agent     text,
    detail         text
);
create index audit_event_time on audit_event (occurred_at);
create index audit_event_patient on audit_event (patient_id, occurred_at) where patient_id is not null;
create index audit_event_account on audit_event (account_id, occurred_at);
create index audit_event_session on audit_event (session_ref, occurred_at);
create index audit_event_address on audit_event (source_address, occurred_at);

create table audit_chain (
    seq      bigint primary key,
    event_id bigint not null unique references audit_event (id),
    hash     bytea  not null
);

create table audit_checkpoint (
    seq       bigint primary key,
    hash      bytea       not null,
    signed_at timestamptz not null,
    key_id    text        not null,
    signature bytea       not null
);

insert into audit_event (occurred_at, category, event_type, account_id, subject_ref, session_ref, source_address,
                         user_agent, detail)
select occurred_at, 'SECURITY', event_type, account_id, subject_ref, session_ref, source_address, user_agent, detail
from security_event
order by id;
drop table security_event;

create function audit_append_only() returns trigger
    language plpgsql as
$$
begin
    raise exception 'audit records are append-only';
end
$$;

create trigger audit_event_append_only before update or delete on audit_event
    for each row execute function audit_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_append_only();
create trigger audit_chain_append_only before update or delete on audit_chain
    for each row execute function audit_append_only();
create trigger audit_chain_no_truncate before truncate on audit_chain
    for each statement execute function audit_append_only();
create trigger audit_checkpoint_append_only before update or delete on audit_checkpoint
    for each row execute function audit_append_only();
create trigger audit_checkpoint_no_truncate before truncate on audit_checkpoint
    for each statement execute function audit_append_only();

-- The application role: everything it needs, and on the audit tables only read and append.
grant usage on schema public to ${appRole};
grant select, insert, update, delete on all tables in schema public to ${appRole};
grant usage, select on all sequences in schema public to ${appRole};
alter default privileges in schema public grant select, insert, update, delete on tables to ${appRole};
alter default privileges in schema public grant usage, select on sequences to ${appRole};
revoke update, delete, truncate on audit_event, audit_chain, audit_checkpoint from ${appRole};
revoke all on flyway_schema_history from ${appRole};
