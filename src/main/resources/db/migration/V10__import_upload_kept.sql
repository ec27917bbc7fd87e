-- A file refused only because full-width commas separate its header is kept for a day, so that it can
-- be read again with ， as the separator in one click, without choosing the file again. Only small
-- files are kept (tagdesk.import.kept-for-rerun-max-bytes); a re-run takes the file out of here.
create table import_upload (
    job_id  bigint primary key references import_job (id) on delete cascade,
    content bytea not null,
    kept_at timestamptz not null default now()
);
