package dev.tagdesk.tag.segment;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which members a segment holds: a small language over their tags and departments, stored as JSON
 * ({@link SegmentJson}) and compiled to SQL ({@link SegmentSql}), never free SQL. Clauses combine with
 * all-of, any-of and none-of, which nest.
 */
public sealed interface SegmentExpression {

    /** Every clause holds. */
    record All(List<SegmentExpression> clauses) implements SegmentExpression {}

    /** At least one clause holds. */
    record Any(List<SegmentExpression> clauses) implements SegmentExpression {}

    /** No clause holds. */
    record None(List<SegmentExpression> clauses) implements SegmentExpression {}

    /** Carries the tag (a live assignment: one that has expired does not count). */
    record HasTag(long tagId) implements SegmentExpression {}

    /** Does not carry the tag. */
    record LacksTag(long tagId) implements SegmentExpression {}

    /** Got the tag within the last {@code days} days and still carries it. */
    record TaggedWithinDays(long tagId, int days) implements SegmentExpression {}

    /**
     * Got the tag after an instant and still carries it: the follow-up list's clause ("since the last
     * nightly run"), not part of the stored language.
     */
    record TaggedSince(long tagId, Instant since) implements SegmentExpression {}

    /** Belongs to the department (or, with the switch, to it or one of its sub-departments). */
    record InDepartment(long departmentId, boolean includeSubDepartments) implements SegmentExpression {}

    /** Every tag the expression names, at any depth. */
    default Set<Long> tagIds() {
        Set<Long> ids = new LinkedHashSet<>();
        collect(this, ids, false, false);
        return ids;
    }

    /**
     * The tags a member of the segment got (those the expression asks them to carry, outside a
     * none-of): what the segment's member list shows and orders by.
     */
    default Set<Long> carriedTagIds() {
        Set<Long> ids = new LinkedHashSet<>();
        collect(this, ids, false, true);
        return ids;
    }

    /** Every department the expression names, at any depth. */
    default Set<Long> departmentIds() {
        Set<Long> ids = new LinkedHashSet<>();
        collect(this, ids, true, false);
        return ids;
    }

    /** The clauses of an all-of / any-of / none-of, or none for a single clause. */
    default List<SegmentExpression> children() {
        if (this instanceof All all) {
            return all.clauses();
        }
        if (this instanceof Any any) {
            return any.clauses();
        }
        if (this instanceof None none) {
            return none.clauses();
        }
        return List.of();
    }

    /** Whether this is an all-of, any-of or none-of. */
    default boolean isGroup() {
        return this instanceof All || this instanceof Any || this instanceof None;
    }

    private static void collect(SegmentExpression e, Set<Long> ids, boolean departments, boolean carriedOnly) {
        if (e instanceof None && carriedOnly) {
            return;
        }
        e.children().forEach(c -> collect(c, ids, departments, carriedOnly));
        if (departments) {
            if (e instanceof InDepartment d) {
                ids.add(d.departmentId());
            }
            return;
        }
        if (e instanceof HasTag has) {
            ids.add(has.tagId());
        } else if (e instanceof TaggedWithinDays within) {
            ids.add(within.tagId());
        } else if (e instanceof TaggedSince since) {
            ids.add(since.tagId());
        } else if (e instanceof LacksTag lacks && !carriedOnly) {
            ids.add(lacks.tagId());
        }
    }
}
