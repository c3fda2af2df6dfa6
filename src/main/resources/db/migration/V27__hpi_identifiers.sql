-- Health Provider Index identifiers: a clinician's Common Person Number, and the practice's
-- HPI organisation and facility ids, validated (check letters included) before they are kept
-- and given on the FHIR Practitioner and Organization.
alter table staff_member add column hpi_person_id text;
create unique index staff_member_hpi_person on staff_member (practice_id, hpi_person_id) where hpi_person_id is not null;
alter table practice add column hpi_organisation_id text unique;
alter table practice add column hpi_facility_id text;
