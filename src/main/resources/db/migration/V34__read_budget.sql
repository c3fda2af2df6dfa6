-- What each session (or account without one) has opened in the last hour: when each
-- document was opened and how many bytes it held, in one row. A document's decision appends
-- to the row under its lock and reads back what was there before, in one statement, so
-- requests of one session racing each other cannot all take the last place in a budget, and
-- the check reads one row however much the session has read. Entries older than the lock
-- window are dropped whenever the row is charged; rows not charged for longer than that are
-- deleted by the guard's sweep.
create table read_budget (
    whose text primary key,
    opened_at timestamptz[] not null,
    sizes bigint[] not null,
    charged_at timestamptz not null,
    check (cardinality(opened_at) = cardinality(sizes))
) with (fillfactor = 50);
-- No index but the key: each charge then rewrites the row in place on its page (a heap-only
-- update), where an index on charged_at would take a new entry in every index per charge.
-- The sweep reads the whole table, one row per session active in the last hour, every ten
-- minutes.
