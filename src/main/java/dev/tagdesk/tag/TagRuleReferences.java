package dev.tagdesk.tag;

import dev.tagdesk.access.Scope;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The auto-tag rules that name tags, for a deletion to list and ask about before the tags go, and the
 * names of the rules that made assignments, for a member's page. The rules module implements it: it
 * depends on this module, so this module asks through this interface rather than calling it (or
 * reading its tables).
 */
public interface TagRuleReferences {

    /**
     * A rule naming a tag, in its condition (at any depth) or its action. {@code readable}: the caller
     * may read the rule on the rules pages; otherwise its name must not be shown to them.
     */
    record RuleReference(long id, String name, boolean enabled, boolean readable) {}

    /** Every rule, enabled or not, that names any of these tags, by name. */
    List<RuleReference> rulesNaming(Scope scope, Collection<Long> tagIds);

    /** The names of these rules, by id, deleted ones too until they are purged; in one statement. */
    Map<Long, String> names(Collection<Long> ruleIds);
}
