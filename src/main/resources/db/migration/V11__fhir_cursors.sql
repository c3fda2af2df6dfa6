-- Paging cursors of FHIR searches: the ids of what a search found, in order, bound to the
-- app grant that searched and kept for ten minutes. A page is read again through the gate
-- when it is fetched, so a cursor never carries data and stops working with the grant.
create table fhir_cursor (
    id         text primary key,
    token_ref  text        not null,
    refs       text[]      not null,
    created_at timestamptz not null,
    expires_at timestamptz not null
);
create index fhir_cursor_expiry on fhir_cursor (expires_at);
