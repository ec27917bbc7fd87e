package dev.tagdesk.rule;

import dev.tagdesk.event.EventWatermark;
import dev.tagdesk.tag.Assignments;
import dev.tagdesk.tag.TagVisibility;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a rule does, set-based: one statement finds the members it matches and applies its whole
 * action to all of them (never a loop over members in Java). The tags service's rules hold here as
 * for a person: a tag goes only to members whose departments may use it, and adding a tag of an
 * exclusive group displaces the member's sibling tag.
 */
@Component
class RuleEffects {

    /** What a rule would do now. */
    record DryRun(long matched, Map<Long, Long> addByTag, Map<Long, Long> removeByTag, List<String> sample) {

        long toAdd() {
            return addByTag.values().stream().mapToLong(Long::longValue).sum();
        }

        long toRemove() {
            return removeByTag.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** What a rule did; {@code changedTwice} names a (member id, tag id) this run had already changed. */
    record Applied(long added, long removed, String changedTwice) {}

    /** Tag {@code t} may be used on member {@code m}. */
    private static final String AVAILABLE = TagVisibility.availableToMember("m.id");

    /** Live assignments of member {@code m} (alias {@code mt}) the action takes off: removed or displaced. */
    private static final String TAKEN_OFF = """
            mt.member_id = m.id and (mt.expires_at is null or mt.expires_at > now())
              and (mt.tag_id = any(cast(:remove as bigint[])) or exists (
                    select 1 from tag t join tag_group g on g.id = t.group_id and g.exclusive
                    join tag s on s.group_id = t.group_id and s.id <> t.id
                    where t.id = any(cast(:add as bigint[])) and t.deleted_at is null and s.id = mt.tag_id
                      and not (s.id = any(cast(:add as bigint[]))) and\s""" + AVAILABLE + "))";

    /** Tags (alias {@code t}) the action puts on member {@code m}. */
    private static final String PUT_ON = """
            from matched m join tag t on t.id = any(cast(:add as bigint[])) and t.deleted_at is null
            where\s""" + AVAILABLE;

    private static final String EXPIRY = """
            case when coalesce(cast(:shelfLife as integer), t.shelf_life_days) is null then null
                 else now() + coalesce(cast(:shelfLife as integer), t.shelf_life_days) * interval '1 day' end""";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final EventWatermark watermark;

    RuleEffects(JdbcClient jdbc, Clock clock, EventWatermark watermark) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.watermark = watermark;
    }

    /** The rule's members now, its event clauses counting the events received before the watermark. */
    private RuleSql matching(RuleDefinition rule) {
        Instant now = clock.instant();
        return RuleSql.matching(rule, now, watermark.at(now));
    }

    DryRun dryRun(RuleDefinition rule) {
        RuleSql sql = matching(rule);
        String with = "with " + sql.matched() + ", to_remove as (select mt.member_id, mt.tag_id from member_tag mt"
                + " join matched m on m.id = mt.member_id where " + TAKEN_OFF + "),"
                + " to_add as (select m.id as member_id, t.id as tag_id " + PUT_ON
                + " and not exists (select 1 from live_member_tag x where x.member_id = m.id and x.tag_id = t.id))";
        Map<Long, Long> add = new LinkedHashMap<>();
        Map<Long, Long> remove = new LinkedHashMap<>();
        long[] matched = {0};
        jdbc.sql(with + """
                         select 'add' as kind, tag_id, count(*) as n from to_add group by tag_id
                        union all select 'remove', tag_id, count(*) from to_remove group by tag_id
                        union all select 'matched', null, count(*) from matched""").params(parameters(sql, rule)).query(rs -> {
            switch (rs.getString("kind")) {
                case "add" -> add.put(rs.getLong("tag_id"), rs.getLong("n"));
                case "remove" -> remove.put(rs.getLong("tag_id"), rs.getLong("n"));
                default -> matched[0] = rs.getLong("n");
            }
        });
        List<String> sample = jdbc.sql(with + """
                         select mem.account from member mem
                        where mem.id in (select member_id from to_add union select member_id from to_remove)
                        order by mem.account limit 10""")
                .params(parameters(sql, rule))
                .query(String.class)
                .list();
        return new DryRun(matched[0], add, remove, sample);
    }

    /**
     * Applies the rule in one statement (the caller's transaction). Every pair it changes is recorded
     * for the run; a pair the run had already changed comes back in {@link Applied#changedTwice()}, and
     * the caller rolls back. {@code takesOff}: whether the rule removes tags or adds one of an
     * exclusive group; when it does neither, the statement skips looking for assignments to take off.
     */
    Applied apply(long ruleId, RuleDefinition rule, long runId, String by, boolean takesOff) {
        RuleSql sql = matching(rule);
        Map<String, Object> params = parameters(sql, rule);
        params.put("rule", ruleId);
        params.put("run", runId);
        params.put("by", by);
        // One bulk write at a time: an import applied meanwhile to the same members is waited for.
        jdbc.sql(Assignments.TAKE_BULK_WRITE_LOCK).query(Object.class).single();
        return jdbc.sql("with " + sql.matched() + """
                        ,
                        removed as ("""
                        + (takesOff
                                ? "delete from member_tag mt using matched m where " + TAKEN_OFF
                                        + " returning mt.member_id, mt.tag_id"
                                : "select member_id, tag_id from member_tag where false")
                        + """
                        ),
                        added as (
                            insert into member_tag (member_id, tag_id, source, assigned_by, assigned_at, expires_at, rule_id)
                            select m.id, t.id, 'RULE', :by, now(),\s""" + EXPIRY + ", :rule " + PUT_ON
                        + Assignments.ON_REASSIGN + """

                            returning member_id, tag_id, assigned_at = now() as inserted),
                        changes as (
                            select member_id, tag_id from removed
                            union all select member_id, tag_id from added where inserted),
                        tracked as (
                            insert into rule_run_change (run_id, member_id, tag_id)
                            select :run, member_id, tag_id from changes on conflict do nothing)
                        select (select count(*) from added where inserted) as added,
                               (select count(*) from removed) as removed,
                               (select c.member_id || ':' || c.tag_id from changes c where exists (
                                    select 1 from rule_run_change rc
                                    where rc.run_id = :run and rc.member_id = c.member_id and rc.tag_id = c.tag_id)
                                limit 1) as twice""")
                .params(params)
                .query((rs, i) -> new Applied(rs.getLong("added"), rs.getLong("removed"), rs.getString("twice")))
                .single();
    }

    private static Map<String, Object> parameters(RuleSql sql, RuleDefinition rule) {
        Map<String, Object> params = new LinkedHashMap<>(sql.params());
        params.put("add", TagVisibility.idArray(rule.action().add()));
        params.put("remove", TagVisibility.idArray(rule.action().remove()));
        params.put("shelfLife", rule.action().shelfLifeDays());
        return params;
    }
}
