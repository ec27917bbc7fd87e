package dev.tagdesk.tag.segment;

import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.DirectorySql;
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

    /**
     * The members in an OPS user's scope: those with a department inside it. Written only for them (not
     * as {@code :seesAll or …}): PostgreSQL turns a plain {@code in} into a semi-join, and may then start
     * from the few members of a department's subtree instead of from every carrier of a common tag.
     */
    private static final String IN_SCOPE = "m.id in (" + DirectorySql.membersIn(":scopePattern") + ")";

    /** A tag a member must carry, optionally got after an instant: one piece of a bound. */
    private record Carried(long tagId, Instant since) {}

    private final Map<String, Object> params = new HashMap<>();
    private final Instant now;
    private final String condition;
    private final String wholeCount;
    private int next;

    private SegmentSql(SegmentExpression expression, Scope scope, Instant now) {
        this.now = now;
        params.putAll(TagVisibility.parameters(scope));
        List<String> parts = new ArrayList<>();
        List<Carried> bound = bound(expression);
        if (bound != null) {
            parts.add(boundCondition(bound));
        }
        if (!scope.isWholeCompany()) {
            parts.add(IN_SCOPE);
        }
        // A segment that is exactly its bound (has T, got T lately, or any of those) needs no more.
        boolean exact = bound != null && exact(expression);
        if (!exact) {
            parts.add(predicate(expression));
        }
        this.condition = String.join("\n and ", parts);
        // ...and for the whole company it is counted from the tag index alone: every assignment's member
        // exists (a foreign key), so there is no need to visit the members themselves.
        String whole = null;
        if (scope.isWholeCompany()) {
            List<Carried> without = exact ? null : negatedBound(expression);
            if (exact) {
                whole = "select count(*) from (" + distinctMembers(bound) + ") u";
            } else if (without != null) {
                // "lacks T", none-of carried tags: every member but those carrying them
                whole = "select (select count(*) from " + DirectorySql.members() + " all_m) - (select count(*) from ("
                        + distinctMembers(without)
                        + ") u)";
            }
        }
        this.wholeCount = whole;
    }

    /**
     * The carried tags whose carriers are exactly the members the expression leaves out, when it is
     * made only of "lacks T" and none-ofs of carried tags (in all-ofs); else {@code null}.
     */
    private List<Carried> negatedBound(SegmentExpression e) {
        if (e instanceof SegmentExpression.LacksTag lacks) {
            return List.of(new Carried(lacks.tagId(), null));
        }
        if (e instanceof SegmentExpression.None none && none.clauses().stream().allMatch(SegmentSql::exact)) {
            List<Carried> carried = new ArrayList<>();
            none.clauses().forEach(c -> carried.addAll(bound(c)));
            return carried;
        }
        if (e instanceof SegmentExpression.All all) {
            List<Carried> carried = new ArrayList<>();
            for (SegmentExpression clause : all.clauses()) {
                List<Carried> left = negatedBound(clause);
                if (left == null) {
                    return null;
                }
                carried.addAll(left);
            }
            return carried;
        }
        return null;
    }

    /**
     * The statement that counts the segment from the tag index alone, for a company-wide caller, when
     * the segment is exactly the members carrying some tags (the distinct members of those
     * assignments) or exactly those not carrying any of them (every member but those); else empty.
     */
    java.util.Optional<String> countFromAssignments() {
        return java.util.Optional.ofNullable(wholeCount);
    }

    /** Whether the expression holds exactly for the members its bound reads: it carries tags, in any-ofs. */
    private static boolean exact(SegmentExpression e) {
        if (e instanceof SegmentExpression.Any any) {
            return any.clauses().stream().allMatch(SegmentSql::exact);
        }
        return e instanceof SegmentExpression.HasTag
                || e instanceof SegmentExpression.TaggedWithinDays
                || e instanceof SegmentExpression.TaggedSince;
    }

    /** The expression for a caller, as of {@code now} ("within the last N days" counts back from it). */
    static SegmentSql of(SegmentExpression expression, Scope scope, Instant now) {
        return new SegmentSql(expression, scope, now);
    }

    /** The condition on member {@code m}: in the segment and in the scope (never empty). */
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
            // not a and not b rather than not (a or b): PostgreSQL turns each top-level "not exists"
            // into an anti-join, but not one under an or
            return none.clauses().stream()
                    .map(c -> "not " + predicate(c))
                    .collect(Collectors.joining(" and ", "(", ")"));
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
        return DirectorySql.memberIn(
                "m.id", bind(department.departmentId()), String.valueOf(department.includeSubDepartments()));
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

    /** The members carrying any of these tags, each once (a member may carry several of them). */
    private String distinctMembers(List<Carried> bound) {
        return "select p.member_id from (" + boundMembers(bound, " union all ") + ") p group by p.member_id";
    }

    private String boundCondition(List<Carried> bound) {
        return "m.id in (" + boundMembers(bound, " union all ") + ")";
    }

    private String boundMembers(List<Carried> bound, String union) {
        List<Long> plain = bound.stream()
                .filter(c -> c.since() == null)
                .map(Carried::tagId)
                .distinct()
                .toList();
        // One index scan a part, not one scan with "or": the tags without a time are read from the tag
        // index alone (it holds the expiry), and only the timed ones visit the table for the time.
        List<String> parts = new ArrayList<>();
        if (!plain.isEmpty()) {
            parts.add("select b.member_id from live_member_tag b where b.tag_id = any(cast("
                    + bind(SqlArrays.ids(plain)) + " as bigint[]))");
        }
        bound.stream()
                .filter(c -> c.since() != null)
                .forEach(c -> parts.add("select b.member_id from live_member_tag b where b.tag_id = " + bind(c.tagId())
                        + " and b.assigned_at > " + bind(Timestamp.from(c.since()))));
        return String.join(union, parts);
    }

    private String bind(Object value) {
        String name = "s" + next++;
        params.put(name, value);
        return ":" + name;
    }
}
