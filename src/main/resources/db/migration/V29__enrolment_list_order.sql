-- A practice's patient list is read a page at a time, most recently enrolled first.
create index enrolment_practice_newest on enrolment (practice_id, enrolled_at desc, patient_id desc);
