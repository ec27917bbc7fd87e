package dev.tagdesk.tag.internal;

import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.DirectorySql;
import java.util.Map;

/**
 * The one SQL condition for "tag {@code t} is visible in this scope". Admins and auditors see every
 * live tag. An OPS user sees a tag that is company-wide, or is visible to a department inside their
 * scope (their home department's subtree: its materialised path starts with the scope's path), or to
 * an ancestor of their home department with "include sub-departments" ticked. The ancestors are the
 * ids on the home department's path, and "inside the scope" is a prefix match on the path of the
 * department a visibility entry names, so the test never walks the tree. The tags seen through a
 * visibility entry are one uncorrelated set (the entries of the departments in scope, found by the
 * path index, and of the home department's ancestors, by the department index): PostgreSQL builds it
 * once per statement and probes it per tag, instead of looking up each tag's entries in turn.
 *
 * <p>Seeing is not using: a tag is put only on members of the departments it is visible to
 * ({@link #availableToMember(String)}), so ops.sales sees a 华东区-only tag but may not tag a 华南区
 * member with it. Seeing is not changing either: OPS change and delete only the tags seen nowhere
 * outside their scope ({@code TagService.mayChange}, {@code TagRecycleBin}).
 *
 * <p>The condition never leaves the tag module (this package is internal to it): other modules ask for
 * the tags a scope sees through the module's API ({@code TagCatalog}, {@code MemberTagReads},
 * {@code BulkAssignments}).
 */
public final class TagVisibility {

    private static final String SEEN = """
            (:seesAll or t.whole_company or t.id in (
                select seen_v.tag_id from tag_visibility seen_v
                where seen_v.department_id in (""" + DirectorySql.departmentsIn(":scopePattern") + """
            )
                   or (seen_v.include_sub_departments and seen_v.department_id = any(cast(:ancestors as bigint[])))))""";

    /** A live tag {@code t} visible in the scope. */
    public static final String CONDITION = "(t.deleted_at is null and " + SEEN + ")";

    /** A tag {@code t} in the recycle bin that was visible in the scope when it was deleted. */
    public static final String IN_RECYCLE_BIN = "(t.deleted_at is not null and " + SEEN + ")";

    /** A tag {@code t}, live or in the recycle bin, visible in the scope (deleted: when it was deleted). */
    public static final String LIVE_OR_IN_RECYCLE_BIN = SEEN;

    private TagVisibility() {}

    /**
     * The SQL condition for "tag {@code t} may be used on the member whose id is {@code memberId}" (an
     * SQL expression): the tag is company-wide, or visible to one of the member's departments,
     * directly or through an ancestor listed with "include sub-departments".
     */
    public static String availableToMember(String memberId) {
        return "(t.whole_company or exists (select 1 from tag_visibility v where v.tag_id = t.id and "
                + DirectorySql.memberIn(memberId, "v.department_id", "v.include_sub_departments") + "))";
    }

    public static Map<String, Object> parameters(Scope scope) {
        return Map.of(
                "seesAll", scope.isWholeCompany(),
                "scopePattern", scope.pathPattern(),
                "homePath", scope.subtreePath(),
                "ancestors", ancestors(scope.subtreePath()));
    }

    /** The ids on a materialised path ({@code /1/4/9/} → {@code {1,4,9}}): the department and its ancestors. */
    public static String ancestors(String path) {
        String ids = java.util.Arrays.stream(path.split("/"))
                .filter(segment -> !segment.isEmpty() && segment.chars().allMatch(Character::isDigit))
                .collect(java.util.stream.Collectors.joining(","));
        return "{" + ids + "}";
    }
}
