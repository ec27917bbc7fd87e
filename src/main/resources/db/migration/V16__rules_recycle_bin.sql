-- A deleted auto-tag rule is kept, disabled, for the recycle-bin period and can be restored; the
-- nightly purge removes it after that. Its name is free for a new rule meanwhile (a restore that
-- meets a live rule of the same name is refused, saying so).
alter table tag_rule add column deleted_at timestamptz;
alter table tag_rule add column deleted_by varchar(64);
alter table tag_rule add constraint tag_rule_deleted_disabled check (deleted_at is null or not enabled);
drop index tag_rule_name_uq;
create unique index tag_rule_name_uq on tag_rule (lower(name)) where deleted_at is null;
create index tag_rule_deleted_idx on tag_rule (deleted_at) where deleted_at is not null;
