-- The e-mail outbox. A message is written in the same transaction as whatever it tells of,
-- so it exists exactly when that happened; a sender delivers it afterwards, retrying with
-- growing waits, and marks it sent. The recipient's address is sealed; the text holds no
-- clinical detail by construction (templates take only plain, non-clinical values).
create table outbox_message (
    id           uuid primary key,
    dedup_key    text unique,
    recipient    bytea       not null,
    template     text        not null,
    values_json  text        not null,
    created_at   timestamptz not null,
    due_at       timestamptz not null,
    attempts     int         not null default 0,
    last_error   text,
    sent_at      timestamptz
);
create index outbox_message_due on outbox_message (due_at) where sent_at is null;
