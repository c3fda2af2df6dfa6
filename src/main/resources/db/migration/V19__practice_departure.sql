-- A practice leaving the portal: what each practice wrote is known as that practice's, so it
-- can be removed when the practice leaves while what another practice wrote stays.

alter table clinical_entry add column practice_id uuid references practice (id);
update clinical_entry c set practice_id = s.practice_id
from account a join staff_member s on a.holder_kind = 'STAFF' and s.id = a.holder_id
where a.id = c.recorded_by;
update clinical_entry c set practice_id = (select e.practice_id from enrolment e where e.patient_id = c.patient_id)
where c.practice_id is null and (select count(*) from enrolment e where e.patient_id = c.patient_id) = 1;
update document d set practice_id = (select e.practice_id from enrolment e where e.patient_id = d.patient_id)
where d.source = 'PRACTICE' and d.practice_id is null
  and (select count(*) from enrolment e where e.patient_id = d.patient_id) = 1;
create index clinical_entry_practice on clinical_entry (practice_id, patient_id);
create index document_practice on document (practice_id, patient_id);

alter table practice add column departed_at timestamptz;

create table practice_departure (
    practice_id  uuid primary key references practice (id),
    leaves_at    timestamptz not null,
    scheduled_by text        not null,
    scheduled_at timestamptz not null,
    lease_until  timestamptz,
    completed_at timestamptz,
    certificate  text
);
