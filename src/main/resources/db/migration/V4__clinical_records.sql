-- Clinical entries, held as FHIR R4 JSON sealed under the patient's key. Only the category
-- and the system's own timestamps are readable; results and notes reach the patient once a
-- clinician releases them, or after the practice's delay.

alter table practice add column release_delay_days int not null default 7 check (release_delay_days between 0 and 90);

create table clinical_entry (
    id             uuid primary key,
    patient_id     uuid        not null references patient (id),
    category       text        not null check (category in ('CONDITION', 'MEDICATION', 'ALLERGY', 'IMMUNISATION',
                                                            'RESULT', 'NOTE')),
    recorded_at    timestamptz not null,
    recorded_by    uuid,
    release_after  timestamptz,
    released_at    timestamptz,
    released_by    uuid,
    content_sealed bytea       not null
);
create index clinical_entry_patient on clinical_entry (patient_id, category, recorded_at);
