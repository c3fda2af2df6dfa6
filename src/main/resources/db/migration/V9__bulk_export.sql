-- FHIR Bulk Data exports. A job records only what was asked, by which practice system: the
-- files are produced when they are fetched, through the access gate, so no second copy of
-- patients' data is ever kept at rest.
create table bulk_export (
    id           uuid primary key,
    client_id    varchar(100) not null references oauth2_registered_client (client_id) on delete cascade,
    practice_id  uuid         not null references practice (id),
    types        text[]       not null,
    since        timestamptz,
    requested_at timestamptz  not null,
    expires_at   timestamptz  not null
);
create index bulk_export_client on bulk_export (client_id, requested_at);
