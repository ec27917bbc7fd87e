-- Each staged row says whether its account may have been listed on an earlier line of the file
-- (accounts are compared by a 64-bit hash while the file is read; a shared hash only marks a row
-- that is not a repeat, never the other way round). Rows of accounts with a marked row are checked
-- together, grouped by account, once the whole file is staged; all the others as they are read.
alter table import_row add column repeats_account boolean not null default false;

-- A B-tree entry per staged row cost a third of staging a file. A job's rows are written by one
-- COPY, one after the other at the end of the table, so a BRIN index on the job finds them at the
-- cost of a few bytes per range of pages; a line is unique within a job because the reader numbers them.
alter table import_row drop constraint import_row_pkey;
create index import_row_job_idx on import_row using brin (job_id);
