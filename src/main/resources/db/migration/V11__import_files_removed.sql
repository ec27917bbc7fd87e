-- The staged rows and problems of an import are kept for a while (tagdesk.import.keep-files-days), for
-- its error report and for applying it later; then the nightly clean-up removes them and notes when.
-- The job row itself stays, with its counts and first problems, in the import history.
alter table import_job add column files_removed_at timestamptz;
