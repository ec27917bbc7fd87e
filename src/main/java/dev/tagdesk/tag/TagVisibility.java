package dev.tagdesk.tag;

import dev.tagdesk.access.Scope;
import java.util.Map;

/**
 * The one SQL condition for "tag {@code t} is visible in this scope". Admins and auditors see every
 * live tag; an OPS user sees a tag that is company-wide, or lists their home department, or lists an
 * ancestor of it with "include sub-departments" ticked. The ancestor test is a prefix match on the
 * materialised path, so it is one indexed query, never a walk up the tree.
 */
final class TagVisibility {

    static final String CONDITION = """
            (t.deleted_at is null and (:seesAll or t.whole_company or exists (
                select 1 from tag_visibility v join department vd on vd.id = v.department_id
                where v.tag_id = t.id
                  and (v.department_id = :homeDepartmentId
                       or (v.include_sub_departments and :homePath like vd.path || '%')))))""";

    private TagVisibility() {}

    static Map<String, Object> parameters(Scope scope) {
        return Map.of(
                "seesAll", scope.isWholeCompany(),
                "homeDepartmentId", scope.homeDepartmentId() == null ? -1L : scope.homeDepartmentId(),
                "homePath", scope.subtreePath());
    }
}
