-- Data lifecycle: which practice published a document, how long each practice keeps each
-- kind in the portal, and legal holds that stop any deletion.

alter table document add column practice_id uuid references practice (id);
create index document_retention on document (source, created_at) where source = 'PRACTICE';

-- A removed document leaves its message behind, without the file.
alter table message drop constraint message_document_id_fkey;
alter table message add constraint message_document_id_fkey foreign key (document_id) references document (id)
    on delete set null;
alter table download_link drop constraint download_link_document_id_fkey;
alter table download_link add constraint download_link_document_id_fkey foreign key (document_id)
    references document (id) on delete cascade;

-- A practice may keep a kind of document for less time than the platform allows, never more.
create table retention_rule (
    practice_id uuid        not null references practice (id),
    kind        text        not null,
    keep_months int         not null check (keep_months between 1 and 1200),
    set_by      uuid,
    set_at      timestamptz not null,
    primary key (practice_id, kind)
);

create table legal_hold (
    id          uuid primary key,
    patient_id  uuid references patient (id),
    practice_id uuid references practice (id),
    reason      text        not null check (length(reason) between 1 and 500),
    placed_by   text        not null,
    placed_at   timestamptz not null,
    lifted_by   text,
    lifted_at   timestamptz,
    check ((patient_id is null) <> (practice_id is null))
);
create index legal_hold_patient on legal_hold (patient_id) where lifted_at is null;
create index legal_hold_practice on legal_hold (practice_id) where lifted_at is null;
