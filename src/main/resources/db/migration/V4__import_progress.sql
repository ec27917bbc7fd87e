-- Imports run in the background: a job is READING while its file is parsed and checked, APPLYING
-- while it is applied, and FAILED (with the phase it failed in) when it was interrupted, so it can be
-- retried. The file's size decides whether the console runs it in the background.

alter table import_job drop constraint import_job_status_valid;
alter table import_job add constraint import_job_status_valid
    check (status in ('READING', 'REFUSED', 'PREVIEWED', 'APPLYING', 'APPLIED', 'FAILED'));
alter table import_job
    add column file_bytes    bigint      not null default 0,
    add column failed_during varchar(16),
    add column failure       varchar(32),
    add constraint import_job_failed_during_valid check (failed_during in ('READING', 'APPLYING'));
