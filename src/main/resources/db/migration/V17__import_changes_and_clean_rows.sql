-- The changes a previewed import makes, listed on its page a page at a time: one row per member
-- with changes, written by the checks with COPY as they go, mostly in the file's order (line: the
-- member's first line). Only the rows without errors are here: with no error that is the whole
-- file, with errors it is what "import only the rows without errors" would change. An exclusive
-- group's tag taken off because the file lists another tag of the group is "replaced" by that tag
-- (the same position in replaced_by). Unlogged and without a key to import_job, like import_row:
-- a working table, emptied with the staged rows by the nightly clean-up.
create unlogged table import_change (
    job_id      bigint   not null,
    line        bigint   not null,
    member_id   bigint   not null,
    added       bigint[] not null,
    removed     bigint[] not null,
    replaced    bigint[] not null,
    replaced_by bigint[] not null
);
-- A B-tree on (job_id, line) made a million-assignment preview 20 % slower than without the list,
-- a BRIN index on the job 12 % (measured alternately in one run): a job's rows are written together,
-- and a page sorts the job's rows by line (a first page of 200,000 members in about 0.1 s).
create index import_change_job_idx on import_change using brin (job_id);

-- What importing only the rows without errors does (in a preview) or did (once applied that way):
-- rows applied and skipped, and the assignments added and removed. A row with an error is skipped;
-- in replace mode, and for an account listed more than 1,000 times, so are the other rows of its
-- member. Errors found while reading that have no line (cells outside the header beyond the first
-- 1,000) make the rows without errors unknowable: such a file cannot be imported that way.
-- Jobs previewed before this version listed no changes (changes_listed false).
alter table import_job
    add column changes_listed      boolean not null default false,
    add column clean_rows          bigint  not null default 0,
    add column skipped_rows        bigint  not null default 0,
    add column clean_to_add        bigint  not null default 0,
    add column clean_to_remove     bigint  not null default 0,
    add column errors_without_line bigint  not null default 0,
    add column only_clean_rows     boolean not null default false;
