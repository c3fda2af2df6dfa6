-- The highest audit event id below which nothing can still be added: every transaction that
-- could have been inserting an event with a lower id has ended, so the sealer's look-back
-- for late events starts here. One row, moved forward only, shared by every node. An
-- existing log starts 20,000 ids below its highest chained event, as the look-back did.

create table audit_settled (
    only_row        boolean primary key default true check (only_row),
    settled_through bigint not null check (settled_through >= 0)
);

insert into audit_settled (settled_through)
select greatest(0, coalesce(max(event_id), 0) - 20000) from audit_chain;
