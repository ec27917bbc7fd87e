-- A job whose staged cells were lost (the unlogged staging table is emptied by PostgreSQL's crash
-- recovery) fails with this phase: nothing was changed, and the file must be uploaded again.
alter table import_job drop constraint import_job_failed_during_valid;
alter table import_job add constraint import_job_failed_during_valid
    check (failed_during in ('READING', 'APPLYING', 'STAGING'));
