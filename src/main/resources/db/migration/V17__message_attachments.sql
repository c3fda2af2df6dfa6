-- A message may carry one file, kept as a document of the patient's (checked and sealed like
-- any upload).
alter table message add column document_id uuid references document (id);
