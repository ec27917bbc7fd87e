package dev.tagdesk.rule;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A rule as an admin writes it: name, condition, action, the departments it applies to, enabled or not. */
public record RuleDefinition(
        String name, boolean enabled, RuleCondition condition, RuleAction action, List<Department> departments) {

    /** A department the rule applies to, with the same explicit switch as tag visibility. */
    public record Department(long departmentId, boolean includeSubDepartments) {}

    public RuleDefinition {
        name = name == null ? "" : name.strip();
        departments = departments == null ? List.of() : List.copyOf(departments);
    }

    /** Every tag the rule names, in its condition or its action. */
    public Set<Long> tagIds() {
        Set<Long> ids = new LinkedHashSet<>(condition.tagIds());
        ids.addAll(action.tagIds());
        return ids;
    }
}
