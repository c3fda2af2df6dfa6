-- What a practice has already imported, so that sending the same bundle again adds nothing.
-- The key is a keyed hash (HMAC under the master key) of the patient and the resource's
-- content: it names no one and cannot be guessed from a copy of the database.
create table imported_entry (
    practice_id uuid  not null references practice (id),
    content_key text  not null,
    location    text  not null,
    imported_at timestamptz not null,
    primary key (practice_id, content_key)
);
