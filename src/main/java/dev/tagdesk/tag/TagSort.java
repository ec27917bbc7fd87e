package dev.tagdesk.tag;

import java.util.Arrays;

/**
 * The orders of the tag list, as its {@code sort} parameter spells them ({@code name}, {@code -count}
 * …; a leading minus is descending). Anything else is the default: by group, then by name. Each
 * order ends with the tag's id, so pages never overlap or skip a tag whose key ties.
 */
public enum TagSort {
    GROUP("", "g.sort_order, t.normalized_name, t.id"),
    NAME("name", "t.normalized_name, t.id"),
    NAME_DESC("-name", "t.normalized_name desc, t.id"),
    COUNT("count", Counted.SQL + ", t.id"),
    COUNT_DESC("-count", Counted.SQL + " desc, t.id"),
    UPDATED("updated", "t.updated_at, t.id"),
    UPDATED_DESC("-updated", "t.updated_at desc, t.id");

    /**
     * Members in the viewer's scope who carry the tag, as the list's count column shows them (in a
     * class of its own: the constants above may not read a static field of their enum).
     */
    private static final class Counted {
        static final String SQL = "(select count(*) from live_member_tag mt where mt.tag_id = t.id"
                + " and (:seesAll or mt.member_id in (" + TagQueries.MEMBERS_IN_SCOPE + ")))";
    }

    private final String param;
    private final String orderBy;

    TagSort(String param, String orderBy) {
        this.param = param;
        this.orderBy = orderBy;
    }

    public String param() {
        return param;
    }

    /** The SQL order of the list: a constant of this enum, never text from the request. */
    String orderBy() {
        return orderBy;
    }

    public static TagSort of(String param) {
        return Arrays.stream(values())
                .filter(s -> s.param.equals(param))
                .findFirst()
                .orElse(GROUP);
    }
}
