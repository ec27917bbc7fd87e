package dev.tagdesk.rule;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a rule does to the members it matches: adds some tags and/or removes some. {@code
 * shelfLifeDays}, if set, overrides the added tags' own shelf life.
 */
public record RuleAction(List<Long> add, List<Long> remove, Integer shelfLifeDays) {

    public RuleAction {
        add = add == null ? List.of() : List.copyOf(new LinkedHashSet<>(add));
        remove = remove == null ? List.of() : List.copyOf(new LinkedHashSet<>(remove));
    }

    public Set<Long> tagIds() {
        Set<Long> ids = new LinkedHashSet<>(add);
        ids.addAll(remove);
        return ids;
    }
}
