-- The countries each account has signed in from (a keyed hash, nothing readable), and where
-- its latest sign-in was (sealed under the identity key), so that a sign-in from a new
-- country, or one too far from the last for anyone to have travelled, can be told to the
-- account holder. Filled only when the operator supplies an address-location file.
create table known_country (
    account_id  uuid        not null references account (id),
    country_key text        not null,
    first_seen  timestamptz not null,
    primary key (account_id, country_key)
);

create table last_sign_in_place (
    account_id uuid        primary key references account (id),
    place      bytea       not null,
    signed_in  timestamptz not null
);
