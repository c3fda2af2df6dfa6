-- Where a document's sealed content is kept: in its own row (the default) or in an
-- S3-compatible object store under the document's id. Exactly one of the two holds it.

alter table document add column content_store text not null default 'database'
    check (content_store in ('database', 'object-store'));
alter table document alter column content_sealed drop not null;
alter table document add constraint document_content_in_one_place
    check ((content_store = 'database') = (content_sealed is not null));
