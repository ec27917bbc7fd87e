package dev.tagdesk.tag.segment;

import dev.tagdesk.access.Scope;
import dev.tagdesk.shared.SqlArrays;
import dev.tagdesk.tag.internal.TagVisibility;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A segment compiled to SQL: the condition "member {@code m} is in the segment and in the caller's
 * scope", with every value a bound parameter. Tags are read through {@code live_member_tag}, so an
 * expired assignment never counts, like everywhere else.
 *
 * <p>Besides the condition itself, a segment that can only hold members carrying one of some tags (a
 * "has tag" in an all-of, or in every branch of an any-of) gets a <em>bound</em>: those members, read
 * from the tag index. PostgreSQL then starts from them instead of testing every member of the scope,
 * which keeps a count over a million assignments in milliseconds. Segments without one ("lacks",
 * none-of, departments only) test the members of the scope one by one.
 */
final class SegmentSql {

    /** The members in the caller's scope: those with a department inside it. */
    private static final String IN_SCOPE = """
            (:seesAll or m.id in (
                select scope_md.member_id from member_department scope_md
                join department scope_d on scope_d.id = scope_md.department_id
                where scope_d.path like :scopePattern))""";

    /** A tag a member must carry, optionally got after an instant: one piece of a bound. */
    private record Carried(long tagId, Instant since) {}

    private final Map<String, Object> params = new HashMap<>();
    private final Instant now;
    private final String condition;
    private int next;

    private SegmentSql(SegmentExpression expression, Scope scope, Instant now) {
        this.now = now;
        params.putAll(TagVisibility.parameters(scope));
        List<Carried> bound = bound(expression);
        String where = IN_SCOPE + "\n and " + predicate(expression);
        this.condition = bound == null ? where : boundCondition(bound) + "\n and " + where;
    }

    /** The expression for a caller, as of {@code now} ("within the last N days" counts back from it). */
    static SegmentSql of(SegmentExpression expression, Scope scope, Instant now) {
        return new SegmentSql(expression, scope, now);
    }

    /** The condition on member {@code m}: in the segment and in the scope. */
    String condition() {
        return condition;
    }

    Map<String, Object> params() {
        return params;
    }

    private String predicate(SegmentExpression e) {
        if (e instanceof SegmentExpression.All all) {
            return joined(all.clauses(), " and ");
        }
        if (e instanceof SegmentExpression.Any any) {
            return joined(any.clauses(), " or ");
        }
        if (e instanceof SegmentExpression.None none) {
            return "not " + joined(none.clauses(), " or ");
        }
        if (e instanceof SegmentExpression.HasTag has) {
            return carries(has.tagId(), null);
        }
        if (e instanceof SegmentExpression.LacksTag lacks) {
            return "not " + carries(lacks.tagId(), null);
        }
        if (e instanceof SegmentExpression.TaggedWithinDays within) {
            return carries(within.tagId(), now.minus(Duration.ofDays(within.days())));
        }
        if (e instanceof SegmentExpression.TaggedSince since) {
            return carries(since.tagId(), since.since());
        }
        SegmentExpression.InDepartment department = (SegmentExpression.InDepartment) e;
        String id = bind(department.departmentId());
        return "exists (select 1 from member_department c join department cd on cd.id = c.department_id"
                + " where c.member_id = m.id and (cd.id = " + id
                + (department.includeSubDepartments()
                        ? " or cd.path like (select sd.path from department sd where sd.id = " + id + ") || '%'"
                        : "")
                + "))";
    }

    private String joined(List<SegmentExpression> clauses, String operator) {
        return clauses.stream().map(this::predicate).collect(Collectors.joining(operator, "(", ")"));
    }

    private String carries(long tagId, Instant since) {
        return "exists (select 1 from live_member_tag c where c.member_id = m.id and c.tag_id = " + bind(tagId)
                + (since == null ? "" : " and c.assigned_at > " + bind(Timestamp.from(since))) + ")";
    }

    /**
     * The tags one of which every member of the segment carries, or {@code null} when there are none
     * such (a member may be in it without any tag: "lacks", none-of, a department).
     */
    private List<Carried> bound(SegmentExpression e) {
        if (e instanceof SegmentExpression.HasTag has) {
            return List.of(new Carried(has.tagId(), null));
        }
        if (e instanceof SegmentExpression.TaggedWithinDays within) {
            return List.of(new Carried(within.tagId(), now.minus(Duration.ofDays(within.days()))));
        }
        if (e instanceof SegmentExpression.TaggedSince since) {
            return List.of(new Carried(since.tagId(), since.since()));
        }
        if (e instanceof SegmentExpression.All all) {
            // Any one clause's bound holds for the whole; the one with a time is usually the smallest.
            List<Carried> chosen = null;
            for (SegmentExpression clause : all.clauses()) {
                List<Carried> b = bound(clause);
                if (b != null && (chosen == null || timed(b) && !timed(chosen))) {
                    chosen = b;
                }
            }
            return chosen;
        }
        if (e instanceof SegmentExpression.Any any) {
            List<Carried> union = new ArrayList<>();
            for (SegmentExpression clause : any.clauses()) {
                List<Carried> b = bound(clause);
                if (b == null) {
                    return null;
                }
                union.addAll(b);
            }
            return union;
        }
        return null;
    }

    private static boolean timed(List<Carried> bound) {
        return bound.stream().allMatch(c -> c.since() != null);
    }

    private String boundCondition(List<Carried> bound) {
        List<Long> plain = bound.stream()
                .filter(c -> c.since() == null)
                .map(Carried::tagId)
                .distinct()
                .toList();
        List<String> parts = new ArrayList<>();
        if (!plain.isEmpty()) {
            parts.add("b.tag_id = any(cast(" + bind(SqlArrays.ids(plain)) + " as bigint[]))");
        }
        bound.stream()
                .filter(c -> c.since() != null)
                .forEach(c -> parts.add("(b.tag_id = " + bind(c.tagId()) + " and b.assigned_at > "
                        + bind(Timestamp.from(c.since())) + ")"));
        return "m.id in (select b.member_id from live_member_tag b where " + String.join(" or ", parts) + ")";
    }

    private String bind(Object value) {
        String name = "s" + next++;
        params.put(name, value);
        return ":" + name;
    }
}
