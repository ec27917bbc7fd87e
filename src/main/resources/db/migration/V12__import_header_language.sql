-- Whether the imported file's header was the English one (name,account,tag1…): its error report
-- repeats the header in the language the user wrote it in.
alter table import_job add column english_header boolean not null default false;
