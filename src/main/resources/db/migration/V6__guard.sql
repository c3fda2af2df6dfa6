-- The exfiltration guard: locks on sessions and accounts, alerts for privacy officers,
-- canary objects no legitimate workflow opens, and reasons clinicians give for reading
-- many records. Budgets are counted from the audit log itself.

create table guard_lock (
    id          uuid primary key,
    session_ref text,
    account_id  uuid,
    reason      text        not null,
    locked_at   timestamptz not null,
    lifted_at   timestamptz,
    lifted_by   uuid,
    check (session_ref is not null or account_id is not null)
);
create index guard_lock_session on guard_lock (session_ref) where lifted_at is null;
create index guard_lock_account on guard_lock (account_id) where lifted_at is null;

create table security_alert (
    id              uuid primary key,
    raised_at       timestamptz not null,
    severity        text        not null check (severity in ('WARNING', 'CRITICAL')),
    kind            text        not null,
    account_id      uuid,
    session_ref     text,
    practice_id     uuid,
    summary         text        not null,
    window_from     timestamptz not null,
    window_to       timestamptz not null,
    acknowledged_at timestamptz,
    acknowledged_by uuid
);
create index security_alert_practice on security_alert (practice_id, raised_at);
create index security_alert_raised on security_alert (raised_at);

create table canary (
    object_kind text not null check (object_kind in ('PATIENT', 'DOCUMENT')),
    object_id   text not null,
    primary key (object_kind, object_id)
);

create table access_reason (
    id          uuid primary key,
    session_ref text        not null,
    account_id  uuid,
    reason      text        not null,
    given_at    timestamptz not null
);
create index access_reason_session on access_reason (session_ref, given_at);

create index audit_event_session_action on audit_event (session_ref, action, occurred_at) where session_ref is not null;
