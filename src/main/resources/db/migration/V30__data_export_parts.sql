-- A patient's copy is kept in sealed parts of at most 1 MiB, written as the copy is made and
-- read back one at a time as it is collected: neither making nor collecting holds the whole
-- file in memory, however many documents it carries. Each part is bound to its copy and its
-- place (a part moved or swapped does not open). Parts go when the copy has been handed over,
-- or expires, or fails.
create table data_export_part (
    export_id uuid    not null references data_export (id) on delete cascade,
    part      int     not null check (part >= 0),
    sealed    bytea   not null,
    primary key (export_id, part)
);
alter table data_export add column parts int, add column collected_at timestamptz;
