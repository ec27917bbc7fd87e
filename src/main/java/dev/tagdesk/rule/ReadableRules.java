package dev.tagdesk.rule;

import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.DirectorySql;
import dev.tagdesk.shared.SqlArrays;
import dev.tagdesk.tag.TagCatalog;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The rules a reader may read: all of them for company-wide roles; for an OPS user, those applied in
 * their subtree (a rule department inside it, or above it with its sub-departments) or naming a tag
 * whose visibility names a department inside it. The tags come from the tag module (one statement),
 * so the condition reads only this module's tables and the directory's departments.
 */
@Component
class ReadableRules {

    /** The condition on rule {@code r}, with the {@link #parameters(Scope)} of the reader. */
    static final String CONDITION = """
            (:seesAll or exists (
                select 1 from tag_rule_department x join\s""" + DirectorySql.departments() + " xd on xd.id = x.department_id" + """

                where x.rule_id = r.id
                  and (xd.path like :homePath || '%' or (x.include_sub_departments and :homePath like xd.path || '%')))
             or r.tag_ids && cast(:tagsOfSubtree as bigint[]))""";

    private final TagCatalog tags;

    ReadableRules(TagCatalog tags) {
        this.tags = tags;
    }

    Map<String, Object> parameters(Scope scope) {
        Set<Long> tagsOfSubtree = scope.isWholeCompany() ? Set.of() : tags.visibleToDepartmentsIn(scope);
        return Map.of(
                "seesAll", scope.isWholeCompany(),
                "homePath", scope.subtreePath(),
                "tagsOfSubtree", SqlArrays.ids(tagsOfSubtree));
    }
}
