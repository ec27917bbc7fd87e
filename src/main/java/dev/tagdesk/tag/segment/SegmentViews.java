package dev.tagdesk.tag.segment;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the segment pages, the API and the home page read: records, never entities. */
public final class SegmentViews {

    private SegmentViews() {}

    /**
     * A segment its reader may see. {@code mayEdit}: the reader may change, share and delete it (its
     * owner, or an admin); everyone else reads it. {@code sharedWith}: the departments it is shared
     * with, by id, that lie in the reader's scope.
     */
    public record SegmentView(
            long id,
            String name,
            SegmentExpression expression,
            String owner,
            List<Long> sharedWith,
            Instant createdAt,
            Instant updatedAt,
            long version,
            boolean mayEdit) {}

    /** A segment with what its page says about it: its condition and its shares in words. */
    public record DescribedSegment(SegmentView segment, String condition, String sharedWith) {}

    /**
     * A member of a segment, with the newest of the tags the segment asks for that they carry and when
     * they got it (none for a segment of "lacks" and departments only).
     */
    public record SegmentMember(
            long id, String account, String name, Long tagId, String tagName, String tagColor, Instant taggedAt) {}

    /** A page of members read by keyset: how many the segment holds, a page of them, where the next starts. */
    public record MemberSlice(long count, List<SegmentMember> members, String nextCursor) {}

    /** The names an expression's description needs: tags and departments by id. */
    public record Names(Map<Long, NamedTag> tags, Map<Long, String> departments) {}

    /** A tag an expression names: its name and whether it waits in the recycle bin. */
    public record NamedTag(long id, String name, String color, boolean deleted) {}

    /** A tag a picker offers. */
    public record TagOption(long id, String name, boolean deleted) {}
}
