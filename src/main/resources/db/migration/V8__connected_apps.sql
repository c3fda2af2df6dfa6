-- Connected apps: the OAuth 2 / SMART on FHIR authorisation server's clients, grants and
-- consents (the shapes Spring Authorization Server reads, with PostgreSQL types). Token
-- values are never stored: only a SHA-256 digest of each code, access and refresh token, so
-- a copy of the database holds no usable bearer secret.

create table oauth2_registered_client (
    id                            varchar(100)  primary key,
    client_id                     varchar(100)  not null unique,
    client_id_issued_at           timestamptz   not null default current_timestamp,
    client_secret                 varchar(200),
    client_secret_expires_at      timestamptz,
    client_name                   varchar(200)  not null,
    client_authentication_methods varchar(1000) not null,
    authorization_grant_types     varchar(1000) not null,
    redirect_uris                 text,
    post_logout_redirect_uris     varchar(1000),
    scopes                        text          not null,
    client_settings               text          not null,
    token_settings                varchar(2000) not null
);

create table oauth2_authorization (
    id                            varchar(100) primary key,
    registered_client_id          varchar(100) not null,
    principal_name                varchar(200) not null,
    authorization_grant_type      varchar(100) not null,
    authorized_scopes             text,
    attributes                    text,
    state                         varchar(500),
    authorization_code_value      text,
    authorization_code_issued_at  timestamptz,
    authorization_code_expires_at timestamptz,
    authorization_code_metadata   text,
    access_token_value            text,
    access_token_issued_at        timestamptz,
    access_token_expires_at       timestamptz,
    access_token_metadata         text,
    access_token_type             varchar(100),
    access_token_scopes           text,
    oidc_id_token_value           text,
    oidc_id_token_issued_at       timestamptz,
    oidc_id_token_expires_at      timestamptz,
    oidc_id_token_metadata        text,
    refresh_token_value           text,
    refresh_token_issued_at       timestamptz,
    refresh_token_expires_at      timestamptz,
    refresh_token_metadata        text,
    user_code_value               text,
    user_code_issued_at           timestamptz,
    user_code_expires_at          timestamptz,
    user_code_metadata            text,
    device_code_value             text,
    device_code_issued_at         timestamptz,
    device_code_expires_at        timestamptz,
    device_code_metadata          text
);
create index oauth2_authorization_principal on oauth2_authorization (principal_name);
create index oauth2_authorization_access on oauth2_authorization (access_token_value);
create index oauth2_authorization_refresh on oauth2_authorization (refresh_token_value);
create index oauth2_authorization_code on oauth2_authorization (authorization_code_value);
create index oauth2_authorization_state on oauth2_authorization (state);

create table oauth2_authorization_consent (
    registered_client_id varchar(100)  not null,
    principal_name       varchar(200)  not null,
    authorities          text          not null,
    primary key (registered_client_id, principal_name)
);

-- A practice's own system (its PMS) acts only for that practice's enrolled patients.
create table app_practice (
    client_id   varchar(100) primary key references oauth2_registered_client (client_id) on delete cascade,
    practice_id uuid not null references practice (id)
);

-- The key that signs ID tokens, its private half sealed under the master key.
create table oauth_signing_key (
    id          text primary key,
    created_at  timestamptz not null,
    public_key  bytea not null,
    private_key bytea not null
);

-- Refresh tokens already replaced by a newer one. Presenting one again means a copy is in the
-- wrong hands: the whole grant is ended.
create table oauth_spent_refresh (
    digest           text primary key,
    authorization_id varchar(100) not null,
    spent_at         timestamptz  not null
);
create index oauth_spent_refresh_authorization on oauth_spent_refresh (authorization_id);
