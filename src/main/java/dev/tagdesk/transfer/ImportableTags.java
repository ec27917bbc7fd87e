package dev.tagdesk.transfer;

import dev.tagdesk.access.Scope;
import dev.tagdesk.tag.TagCatalog;
import dev.tagdesk.tag.TagNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live tags an importer may name (those visible in their scope), loaded once per check: by
 * naming key, so that {@code 渠道_线上活动＿双十一} finds {@code 渠道_线上活动_双十一}, and by id, for the
 * tags a member already carries. A few thousand tags are a few hundred kilobytes; the cells of a
 * million-assignment file name the same tags again and again, so each distinct text is keyed once.
 */
final class ImportableTags {

    /**
     * A tag with what the checks need: its group, whether the group is exclusive, and where it may be
     * used ({@code departments}: the paths it is visible to, {@code withSubDepartments}: whether each
     * includes its sub-departments).
     */
    record Tag(
            long id,
            String name,
            long groupId,
            boolean exclusive,
            boolean wholeCompany,
            String[] departments,
            boolean[] withSubDepartments) {

        /** Whether the tag may be used on a member of these departments (their materialised paths). */
        boolean availableTo(String[] memberDepartments) {
            if (wholeCompany) {
                return true;
            }
            for (String member : memberDepartments) {
                for (int i = 0; i < departments.length; i++) {
                    if (member.equals(departments[i]) || withSubDepartments[i] && member.startsWith(departments[i])) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** Beyond this many distinct cell texts (a file of random text), texts are keyed each time. */
    private static final int TEXTS_REMEMBERED = 20_000;

    private static final Tag NONE = new Tag(0, "", 0, false, false, new String[0], new boolean[0]);

    private final Map<String, Tag> byKey = new HashMap<>();
    private final Map<Long, Tag> byId = new HashMap<>();
    private final Map<String, Tag> byText = new HashMap<>();

    static ImportableTags visibleIn(TagCatalog catalog, Scope scope) {
        ImportableTags tags = new ImportableTags();
        catalog.usable(scope, usable -> {
            Tag tag = new Tag(
                    usable.id(),
                    usable.name(),
                    usable.groupId(),
                    usable.exclusive(),
                    usable.wholeCompany(),
                    usable.departments(),
                    usable.withSubDepartments());
            tags.add(usable.normalizedName(), tag);
        });
        return tags;
    }

    /** Tags as given, keyed by their names' naming key (the database keeps the same key). */
    static ImportableTags of(List<Tag> given) {
        ImportableTags tags = new ImportableTags();
        given.forEach(tag -> tags.add(TagNames.key(tag.name()), tag));
        return tags;
    }

    private void add(String key, Tag tag) {
        byKey.put(key, tag);
        byId.put(tag.id(), tag);
    }

    /** The tag a cell names, or null when there is no such tag in the scope. */
    Tag named(String text) {
        Tag known = byText.get(text);
        if (known == null) {
            known = byKey.getOrDefault(TagNames.key(text), NONE);
            if (byText.size() < TEXTS_REMEMBERED) {
                byText.put(text, known);
            }
        }
        return known == NONE ? null : known;
    }

    /** The tag with this id, or null when it is not a live tag visible in the scope. */
    Tag withId(long id) {
        return byId.get(id);
    }

    /** The ids of the tags. */
    Long[] ids() {
        return byId.keySet().toArray(new Long[0]);
    }
}
