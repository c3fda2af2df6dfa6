-- The devices each account has signed in from (a keyed hash of browser and system, nothing
-- readable), so that a sign-in from a new one can be told to the account holder.
create table known_device (
    account_id uuid        not null references account (id),
    device_key text        not null,
    first_seen timestamptz not null,
    primary key (account_id, device_key)
);
