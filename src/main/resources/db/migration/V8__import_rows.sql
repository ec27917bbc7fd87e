-- The file of an import is staged one row per file row (not one per cell): a fifth of the tuples to
-- write, and the rows come back grouped by account for the checks, which run in the application.
-- The tag cells are an array indexed by tag column (标签1 is tags[1]); empty cells are NULL.
-- No foreign key to import_job: a key check per staged row would cost more than the rest of COPY,
-- and jobs are never deleted while their rows are staged.
-- Jobs staged in import_cell before this version lose their file: at start-up, a previewed job
-- without staged rows is marked FAILED in phase STAGING and asks for the file again.
create unlogged table import_row (
    job_id   bigint        not null,
    line     bigint        not null,
    name     varchar(200)  not null,
    account  varchar(200)  not null,
    tags     text[]        not null,
    primary key (job_id, line)
);

drop table import_cell;
