-- A file with a million problems wrote a million rows here, each checking its key to import_job. Jobs
-- are never deleted (the history keeps them), and the nightly clean-up removes a job's problems
-- itself, so the key only cost time: without it, as for import_row (V8), the problems go in unchecked.
alter table import_problem drop constraint if exists import_problem_job_id_fkey;
