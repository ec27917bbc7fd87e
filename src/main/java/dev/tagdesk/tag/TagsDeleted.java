package dev.tagdesk.tag;

import java.util.List;

/**
 * Tags went to the recycle bin. Published inside the deletion's transaction, after the tags are marked
 * deleted, so a synchronous listener (the auto-tag rules disable the rules naming them) commits or
 * rolls back with the deletion.
 */
public record TagsDeleted(List<Long> tagIds) {

    public TagsDeleted {
        tagIds = List.copyOf(tagIds);
    }
}
