-- A third place for a document's sealed content: a file named by the document's id in a
-- directory the portal's nodes share.

alter table document drop constraint document_content_store_check;
alter table document add constraint document_content_store_check
    check (content_store in ('database', 'object-store', 'file-store'));
