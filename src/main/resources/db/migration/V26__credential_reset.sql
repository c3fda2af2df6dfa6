-- An account whose password and second factors were destroyed when an incident was contained:
-- it cannot sign in until its holder redeems a new invitation from their practice (or, for an
-- operator, from the command line), which sets a new password on the same account.
alter table account add column credentials_reset_at timestamptz;
