package dev.tagdesk.tag;

import dev.tagdesk.tag.naming.NamingPolicy;

/** What other modules need of the naming rules: the key tag names are matched and kept unique by. */
public final class TagNames {

    private TagNames() {}

    /** NFKC-normalised and case-folded: {@code 渠道_线上活动＿双十一} finds {@code 渠道_线上活动_双十一}. */
    public static String key(String name) {
        return NamingPolicy.key(name);
    }
}
