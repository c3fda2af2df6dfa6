-- A decision made on what its object is presumed to be (a patient's own document, say),
-- settled in the statement that records it: when the object is not as presumed, the
-- statement calls this and fails as a whole, so nothing it would have charged or recorded
-- is kept, and the caller decides again on the object as it is. The message names nothing.
create function presumption_refused() returns boolean
    language plpgsql volatile as
$$
begin
    raise exception 'the object is not as presumed' using errcode = 'TK001';
end
$$;
