-- A rule naming a deleted tag cannot run. A run now records such a rule's step as skipped.
alter table rule_run_step drop constraint rule_run_step_status_valid;
alter table rule_run_step add constraint rule_run_step_status_valid check (status in ('DONE', 'FAILED', 'SKIPPED'));

-- Deleting a tag now disables the enabled rules naming it. Rules left enabled on a tag deleted (or
-- purged) before that are disabled here, with the same audit entry, so an enabled rule never names a
-- tag that is not live.
with disabled as (
    update tag_rule r set enabled = false, updated_at = now(), version = version + 1
    where r.enabled and exists (
        select 1 from unnest(r.tag_ids) as named(id)
        where not exists (select 1 from tag t where t.id = named.id and t.deleted_at is null))
    returning r.id, r.name, r.tag_ids)
insert into audit_event (actor, action, target_type, target_id, before_state, after_state)
select 'system', 'RULE_DISABLED', 'rule', d.id::text,
       jsonb_build_object('name', d.name, 'enabled', true),
       jsonb_build_object('name', d.name, 'enabled', false, 'reason', 'TAG_DELETED', 'deletedTags',
           (select jsonb_agg(named.id) from unnest(d.tag_ids) as named(id)
            where not exists (select 1 from tag t where t.id = named.id and t.deleted_at is null)))
from disabled d;
