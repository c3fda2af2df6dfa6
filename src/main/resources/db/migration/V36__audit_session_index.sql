-- Every audit event with a session paid for two indexes led by it, (session, time) and
-- (session, action, time), each with 64-character keys at random places. The second answers
-- what the first did for tracing (a session's events in a period), reading all of that
-- session's events, which are few. The one query that wanted the first for its time order,
-- a session's refusals in the last hour (run when a read is refused, to lock a session that
-- keeps trying ids that are not its own), gets an index of refusals only, which a permitted
-- read never writes to.
create index audit_event_session_denials on audit_event (session_ref, occurred_at)
    where decision = 'DENY' and session_ref is not null;
drop index audit_event_session;
