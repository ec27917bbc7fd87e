package dev.tagdesk.access;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an access token may be used for. A token's actions are those its owner's role allows and
 * one of its scopes covers; {@link #ADMIN} covers every action a token may take at all.
 */
public enum TokenScope {
    /** Read tags, tag groups, the recycle bin, rules and their runs; export the tag list. */
    TAGS_READ("tags:read"),
    /** Read departments and members (with their tags and events); export member tags. */
    MEMBERS_READ("members:read"),
    /** Put tags on members and take them off; import member tags. */
    MEMBER_TAGS_WRITE("member-tags:write"),
    /** Send behaviour events. */
    EVENTS_WRITE("events:write"),
    /** Read segments and their members. */
    SEGMENTS_READ("segments:read"),
    /** Everything the owner may do through the API, except managing tokens. */
    ADMIN("admin");

    private final String code;

    TokenScope(String code) {
        this.code = code;
    }

    /** The spelling integrators use: {@code tags:read}. */
    public String code() {
        return code;
    }

    public static Optional<TokenScope> ofCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
    }
}
