-- Audit retention: events past the legally required period may be pruned — by the schema
-- owner only, in a deliberate step (the session setting tiaki.audit_prune), from the start of
-- the chain up to a signed checkpoint, which stays as the anchor verification starts from.
-- Each prune is recorded with its own signature, so a prune marker cannot be forged to hide
-- a deletion. Nothing else about the log changes: the portal's role still only reads and
-- appends.
create or replace function audit_append_only() returns trigger
    language plpgsql as
$$
begin
    if tg_op = 'DELETE' and current_setting('tiaki.audit_prune', true) = 'on' then
        return old;
    end if;
    raise exception 'audit records are append-only';
end
$$;

create table audit_prune (
    anchor_seq bigint primary key,
    older_than timestamptz not null,
    pruned_at  timestamptz not null,
    events     bigint      not null,
    pruned_by  text        not null,
    key_id     text        not null,
    signature  text        not null
);
create trigger audit_prune_append_only before update or delete on audit_prune
    for each row execute function audit_append_only();
create trigger audit_prune_no_truncate before truncate on audit_prune
    for each statement execute function audit_append_only();
revoke insert, update, delete, truncate on audit_prune from ${appRole};
