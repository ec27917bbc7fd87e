package dev.tagdesk.rule;

import dev.tagdesk.event.EventCounts;
import dev.tagdesk.tag.TagVisibility;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A rule compiled to SQL: the members it matches (in its departments, satisfying its condition) as
 * one {@code matched} CTE, with every value a bound parameter. Tags are read through {@code
 * live_member_tag}, so an expired assignment never satisfies "has tag".
 */
final class RuleSql {

    private final Map<String, Object> params = new HashMap<>();
    private final Instant now;
    private final Instant watermark;
    private int next;

    private RuleSql(Instant now, Instant watermark) {
        this.now = now;
        this.watermark = watermark;
    }

    /**
     * {@code matched(id)}: the members the rule applies to right now; event clauses count the events
     * received before {@code watermark}.
     */
    static RuleSql matching(RuleDefinition rule, Instant now, Instant watermark) {
        RuleSql sql = new RuleSql(now, watermark);
        sql.params.put(
                "ruleDepartments",
                TagVisibility.idArray(rule.departments().stream()
                        .map(RuleDefinition.Department::departmentId)
                        .toList()));
        sql.params.put(
                "ruleSubtrees",
                TagVisibility.idArray(rule.departments().stream()
                        .filter(RuleDefinition.Department::includeSubDepartments)
                        .map(RuleDefinition.Department::departmentId)
                        .toList()));
        sql.matched = """
                matched as (
                    select m.id from member m
                    where exists (
                        select 1 from member_department rmd join department rd on rd.id = rmd.department_id
                        where rmd.member_id = m.id
                          and (rd.id = any(cast(:ruleDepartments as bigint[])) or exists (
                                select 1 from department sd where sd.id = any(cast(:ruleSubtrees as bigint[]))
                                  and rd.path like sd.path || '%')))
                      and\s""" + sql.condition(rule.condition()) + ")";
        return sql;
    }

    private String matched;

    String matched() {
        return matched;
    }

    Map<String, Object> params() {
        return params;
    }

    private String condition(RuleCondition condition) {
        if (condition instanceof RuleCondition.All all) {
            return all.clauses().stream().map(this::condition).collect(Collectors.joining(" and ", "(", ")"));
        }
        if (condition instanceof RuleCondition.Any any) {
            return any.clauses().stream().map(this::condition).collect(Collectors.joining(" or ", "(", ")"));
        }
        if (condition instanceof RuleCondition.InactiveDays inactive) {
            return "(m.last_active_at is null or m.last_active_at <= " + bind(daysAgo(inactive.days())) + ")";
        }
        if (condition instanceof RuleCondition.HasTag has) {
            return "exists (select 1 from live_member_tag c where c.member_id = m.id and c.tag_id = "
                    + bind(has.tagId()) + ")";
        }
        if (condition instanceof RuleCondition.LacksTag lacks) {
            return "not exists (select 1 from live_member_tag c where c.member_id = m.id and c.tag_id = "
                    + bind(lacks.tagId()) + ")";
        }
        if (condition instanceof RuleCondition.CarriedTag carried) {
            return "exists (select 1 from live_member_tag c where c.member_id = m.id and c.tag_id = "
                    + bind(carried.tagId()) + " and c.assigned_at <= " + bind(daysAgo(carried.days())) + ")";
        }
        if (condition instanceof RuleCondition.InDepartment department) {
            String id = bind(department.departmentId());
            return "exists (select 1 from member_department c join department cd on cd.id = c.department_id"
                    + " where c.member_id = m.id and (cd.id = " + id
                    + (department.includeSubDepartments()
                            ? " or cd.path like (select path from department where id = " + id + ") || '%'"
                            : "")
                    + "))";
        }
        if (condition instanceof RuleCondition.Events events) {
            return "m.id in ("
                    + EventCounts.membersWith(
                            events.type(),
                            events.atLeast(),
                            events.withinDays(),
                            events.sameValueOf(),
                            events.where(),
                            now,
                            watermark,
                            this::bind)
                    + ")";
        }
        RuleCondition.HasStatus status = (RuleCondition.HasStatus) condition;
        return "m.status = " + bind(status.status());
    }

    private Timestamp daysAgo(int days) {
        return Timestamp.from(now.minus(Duration.ofDays(days)));
    }

    private String bind(Object value) {
        String name = "c" + next++;
        params.put(name, value);
        return ":" + name;
    }
}
