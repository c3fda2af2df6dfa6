-- A download is now one decision of the gate, made as the content is asked for (a POST that
-- carries the form's CSRF token); no link is issued in between, so the links' table goes.
drop table download_link;
