package dev.tagdesk.rule;

import dev.tagdesk.directory.DirectorySql;
import dev.tagdesk.event.EventCounts;
import dev.tagdesk.shared.SqlArrays;
import dev.tagdesk.tag.MemberTagSql;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A rule compiled to SQL: the members it matches (in its departments, satisfying its condition) as
 * one subquery of member ids, with every value a bound parameter. Members and departments are the
 * directory's ({@link DirectorySql}), assignments the tag module's ({@link MemberTagSql}: only live
 * ones, so an expired assignment never satisfies "has tag").
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
     * The members the rule applies to right now; event clauses count the events received before
     * {@code watermark}.
     */
    static RuleSql matching(RuleDefinition rule, Instant now, Instant watermark) {
        RuleSql sql = new RuleSql(now, watermark);
        sql.params.put(
                "ruleDepartments",
                SqlArrays.ids(rule.departments().stream()
                        .map(RuleDefinition.Department::departmentId)
                        .toList()));
        sql.params.put(
                "ruleSubtrees",
                SqlArrays.ids(rule.departments().stream()
                        .filter(RuleDefinition.Department::includeSubDepartments)
                        .map(RuleDefinition.Department::departmentId)
                        .toList()));
        sql.members = "select m.id from " + DirectorySql.members() + " m where "
                + DirectorySql.memberInAny(
                        "m.id", "cast(:ruleDepartments as bigint[])", "cast(:ruleSubtrees as bigint[])")
                + " and " + sql.condition(rule.condition());
        return sql;
    }

    private String members;

    /** A subquery of the ids of the members the rule applies to right now (one column, {@code id}). */
    String members() {
        return members;
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
            return MemberTagSql.carries("m.id", bind(has.tagId()));
        }
        if (condition instanceof RuleCondition.LacksTag lacks) {
            return "not " + MemberTagSql.carries("m.id", bind(lacks.tagId()));
        }
        if (condition instanceof RuleCondition.CarriedTag carried) {
            return MemberTagSql.carriesSince("m.id", bind(carried.tagId()), bind(daysAgo(carried.days())));
        }
        if (condition instanceof RuleCondition.InDepartment department) {
            return DirectorySql.memberIn(
                    "m.id", bind(department.departmentId()), String.valueOf(department.includeSubDepartments()));
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
