package dev.tagdesk.rule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When a rule applies to a member: a small structured language, stored as JSON and compiled to SQL by
 * {@link RuleSql}, never free SQL. Clauses combine with all-of / any-of, which may nest.
 */
public sealed interface RuleCondition {

    /** Every clause holds. */
    record All(List<RuleCondition> clauses) implements RuleCondition {}

    /** At least one clause holds. */
    record Any(List<RuleCondition> clauses) implements RuleCondition {}

    /** Not active for at least this many days (a member never seen active counts as inactive). */
    record InactiveDays(int days) implements RuleCondition {}

    record HasTag(long tagId) implements RuleCondition {}

    record LacksTag(long tagId) implements RuleCondition {}

    /** Has carried the tag for at least this many days. */
    record CarriedTag(long tagId, int days) implements RuleCondition {}

    record InDepartment(long departmentId, boolean includeSubDepartments) implements RuleCondition {}

    record HasStatus(String status) implements RuleCondition {}

    /**
     * At least {@code atLeast} behaviour events of a type that occurred within the last {@code withinDays}
     * days (counted over the events received before the watermark); with {@code sameValueOf}, that many
     * with the same value of that property (2 consultations about the same product); with {@code where},
     * only events whose properties have those values (compared as text).
     */
    record Events(String type, int atLeast, int withinDays, String sameValueOf, Map<String, String> where)
            implements RuleCondition {

        public Events {
            where = where == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(where));
        }

        /** The properties the clause names: {@code sameValueOf} and those of {@code where}. */
        public Set<String> properties() {
            Set<String> names = new java.util.TreeSet<>(where.keySet());
            if (sameValueOf != null) {
                names.add(sameValueOf);
            }
            return names;
        }
    }

    /**
     * The tags this condition reads, each with whether it reads it negatively ("lacks"); a tag read
     * both ways counts as negative.
     */
    default Map<Long, Boolean> tagReads() {
        Map<Long, Boolean> reads = new LinkedHashMap<>();
        collectReads(this, reads);
        return reads;
    }

    /** The clauses every matching member must satisfy: the clause itself, or an all-of's direct clauses. */
    default List<RuleCondition> required() {
        if (this instanceof All all) {
            List<RuleCondition> required = new ArrayList<>();
            all.clauses().forEach(c -> required.addAll(c instanceof All ? c.required() : List.of(c)));
            return required;
        }
        if (this instanceof Any any && any.clauses().size() == 1) {
            return any.clauses().get(0).required();
        }
        return List.of(this);
    }

    /** Whether no member can satisfy both conditions: one requires a tag the other requires absent, or another status. */
    static boolean excludeEachOther(RuleCondition a, RuleCondition b) {
        return contradicts(a.required(), b.required()) || contradicts(b.required(), a.required());
    }

    private static boolean contradicts(List<RuleCondition> a, List<RuleCondition> b) {
        for (RuleCondition x : a) {
            for (RuleCondition y : b) {
                if (x instanceof LacksTag lacks
                        && (y instanceof HasTag has && has.tagId() == lacks.tagId()
                                || y instanceof CarriedTag carried && carried.tagId() == lacks.tagId())) {
                    return true;
                }
                if (x instanceof HasStatus s1
                        && y instanceof HasStatus s2
                        && !s1.status().equals(s2.status())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every tag id the condition names. */
    default Set<Long> tagIds() {
        return tagReads().keySet();
    }

    /** Every department id the condition names ("member of department"), nested groups included. */
    default Set<Long> departmentIds() {
        Set<Long> ids = new java.util.LinkedHashSet<>();
        collectDepartments(this, ids);
        return ids;
    }

    /** Every event clause of the condition, nested groups included. */
    default List<Events> eventClauses() {
        List<Events> clauses = new ArrayList<>();
        collectEvents(this, clauses);
        return clauses;
    }

    private static void collectEvents(RuleCondition condition, List<Events> clauses) {
        if (condition instanceof All all) {
            all.clauses().forEach(c -> collectEvents(c, clauses));
        } else if (condition instanceof Any any) {
            any.clauses().forEach(c -> collectEvents(c, clauses));
        } else if (condition instanceof Events events) {
            clauses.add(events);
        }
    }

    private static void collectDepartments(RuleCondition condition, Set<Long> ids) {
        if (condition instanceof All all) {
            all.clauses().forEach(c -> collectDepartments(c, ids));
        } else if (condition instanceof Any any) {
            any.clauses().forEach(c -> collectDepartments(c, ids));
        } else if (condition instanceof InDepartment department) {
            ids.add(department.departmentId());
        }
    }

    private static void collectReads(RuleCondition condition, Map<Long, Boolean> reads) {
        if (condition instanceof All all) {
            all.clauses().forEach(c -> collectReads(c, reads));
        } else if (condition instanceof Any any) {
            any.clauses().forEach(c -> collectReads(c, reads));
        } else if (condition instanceof HasTag has) {
            reads.merge(has.tagId(), false, Boolean::logicalOr);
        } else if (condition instanceof CarriedTag carried) {
            reads.merge(carried.tagId(), false, Boolean::logicalOr);
        } else if (condition instanceof LacksTag lacks) {
            reads.merge(lacks.tagId(), true, Boolean::logicalOr);
        }
    }
}
