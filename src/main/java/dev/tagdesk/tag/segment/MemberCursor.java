package dev.tagdesk.tag.segment;

import dev.tagdesk.shared.RefusedException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Where the next page of a segment's members starts, for the keyset-paged API: after the member with
 * this id. Members are read in id order, and an id never changes, so a member tagged or untagged
 * meanwhile never moves another across a page boundary: walking the pages gives every member that
 * stayed in the segment exactly once. Opaque to clients ({@code "djE6NDI"}); anything TagDesk did not
 * write is refused with {@code SEGMENT_CURSOR_INVALID}.
 */
record MemberCursor(long afterId) {

    private static final String PREFIX = "v1:";
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,40}");

    /** The first page. */
    static final MemberCursor START = new MemberCursor(0);

    static MemberCursor read(String text) {
        if (text == null || text.isEmpty()) {
            return START;
        }
        if (!SHAPE.matcher(text).matches()) {
            throw invalid();
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            if (!decoded.startsWith(PREFIX)
                    || !decoded.substring(PREFIX.length()).matches("[1-9][0-9]{0,17}")) {
                throw invalid();
            }
            return new MemberCursor(Long.parseLong(decoded.substring(PREFIX.length())));
        } catch (IllegalArgumentException notBase64) {
            throw invalid();
        }
    }

    String write() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((PREFIX + afterId).getBytes(StandardCharsets.UTF_8));
    }

    private static RefusedException invalid() {
        return RefusedException.invalid("cursor", "SEGMENT_CURSOR_INVALID");
    }
}
