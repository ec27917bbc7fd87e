-- Each staged row says whether its account may have been listed on an earlier line of the file
-- (accounts are compared by a 64-bit hash while the file is read; a shared hash only marks a row
-- that is not a repeat, never the other way round). Rows of accounts with a marked row are checked
-- together, grouped by account, once the whole file is staged; all the others as they are read.
alter table import_row add column repeats_account boolean not null default false;
