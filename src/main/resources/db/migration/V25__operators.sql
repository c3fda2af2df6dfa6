-- Tiaki's own operators: people who answer security alerts and incidents across practices.
-- They sign in like anyone (password and second factor) and reach the operator console only
-- from the addresses the deployment names; they are never a subject of the access gate, so
-- no record or document opens for them.
alter table account drop constraint account_holder_kind_check;
alter table account add constraint account_holder_kind_check check (holder_kind in ('PATIENT', 'STAFF', 'OPERATOR'));
alter table invitation drop constraint invitation_holder_kind_check;
alter table invitation add constraint invitation_holder_kind_check check (holder_kind in ('PATIENT', 'STAFF', 'OPERATOR'));

create table operator (
    id         uuid        primary key,
    added_at   timestamptz not null,
    added_by   text        not null,
    removed_at timestamptz
);
