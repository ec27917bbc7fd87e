package dev.tagdesk.directory;

import dev.tagdesk.access.Scope;
import java.time.Instant;
import java.util.List;

/**
 * The tags a member carries, as the member API shows them beside the member. The tag module answers:
 * tags build on the directory (visibility names departments), so the directory asks through this
 * interface instead of depending on the tag module.
 */
public interface MemberTags {

    /** A tag on a member: where the assignment came from, when, and when it ends (null: never). */
    record MemberTag(
            long tagId, String name, String color, String source, Instant assignedAt, Instant expiresAt, Long ruleId) {}

    /** The member's tags the caller may see; a member outside the caller's scope is "not found". */
    List<MemberTag> of(Scope scope, String account);
}
