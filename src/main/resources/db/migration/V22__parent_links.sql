-- Parents of young children: a practice links a parent to a child's record. The link ends on
-- the child's birthday at the age the practice chose (14 unless set otherwise), unless the
-- young person chooses to let it continue.
alter table proxy_grant add column kind text not null default 'PATIENT' check (kind in ('PATIENT', 'PARENT'));
alter table proxy_grant add column set_by uuid;
alter table practice add column parent_link_age int not null default 14 check (parent_link_age between 12 and 16);
