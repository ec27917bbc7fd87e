package dev.tagdesk.tag;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.Scope;
import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.directory.MemberTags;
import dev.tagdesk.shared.NotFoundException;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.tag.TagViews.Assignment;
import dev.tagdesk.tag.TagViews.TagRow;
import dev.tagdesk.tag.TagViews.Tagged;
import dev.tagdesk.tag.internal.Assignments;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Putting tags on members and taking them off. A member outside the caller's scope and a tag the
 * caller may not see are both "not found"; a tag not meant for the member's department is refused;
 * in an exclusive group the new tag replaces the member's previous one, and says so.
 */
@Service
public class MemberTagging implements MemberTags {

    /** Where an assignment came from. */
    public enum Source {
        MANUAL,
        IMPORT,
        RULE,
        API
    }

    private final TagQueries queries;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    MemberTagging(TagQueries queries, JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.queries = queries;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<Assignment> tagsOf(Scope scope, String account) {
        return queries.assignments(scope, memberId(scope, account));
    }

    /** The member's tags for the directory's member API. */
    @Override
    @Transactional(readOnly = true)
    public List<MemberTag> of(Scope scope, String account) {
        return tagsOf(scope, account).stream()
                .map(a -> new MemberTag(
                        a.tagId(), a.name(), a.color(), a.source(), a.assignedAt(), a.expiresAt(), a.ruleId()))
                .toList();
    }

    /** Tags the caller may put on this member right now. */
    @Transactional(readOnly = true)
    public List<TagRow> assignable(Scope scope, String account) {
        return mayTag(scope) ? queries.assignableTo(scope, memberId(scope, account)) : List.of();
    }

    public boolean mayTag(Scope scope) {
        return scope.may(Action.TAG_MEMBERS);
    }

    @Transactional
    public Tagged assign(Scope scope, String account, long tagId, Source source) {
        return assign(scope, account, tagId, source, null);
    }

    /**
     * Puts a tag on a member, or re-assigns it: re-assigning refreshes the expiry. {@code expiresAt}
     * (e.g. the end of a campaign) overrides the tag's shelf life; {@code null} lets the shelf life
     * decide.
     */
    @Transactional
    public Tagged assign(Scope scope, String account, long tagId, Source source, Instant expiresAt) {
        requireMayTag(scope);
        long memberId = memberId(scope, account);
        if (queries.visibleTagId(scope, tagId).isEmpty()) {
            throw new NotFoundException("tag", tagId);
        }
        if (!queries.availableTo(tagId, memberId)) {
            throw RefusedException.invalid("tagId", "TAG_NOT_AVAILABLE", tagName(tagId), account);
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw RefusedException.invalid("expiresAt", "EXPIRY_IN_PAST");
        }
        Assignment existing = assignment(scope, memberId, tagId);
        List<String> replaced = existing == null ? makeWayInExclusiveGroup(scope, memberId, tagId, account) : List.of();
        Integer shelfLife = jdbc.sql("select shelf_life_days from tag where id = ?")
                .param(tagId)
                .query(Integer.class)
                .optional()
                .orElse(null);
        Instant expiry =
                expiresAt != null ? expiresAt : shelfLife == null ? null : now.plus(Duration.ofDays(shelfLife));
        jdbc.sql("""
                        insert into member_tag (member_id, tag_id, source, assigned_by, assigned_at, expires_at)
                        values (?, ?, ?, ?, ?, ?)""" + Assignments.ON_REASSIGN)
                .params(
                        memberId,
                        tagId,
                        source.name(),
                        scope.username(),
                        Timestamp.from(now),
                        expiry == null ? null : Timestamp.from(expiry))
                .update();
        Assignment assignment = assignment(scope, memberId, tagId);
        if (existing == null) {
            events.publishEvent(AuditRecord.of(
                    "MEMBER_TAGGED",
                    "member",
                    account,
                    replaced.isEmpty() ? null : Map.of("replaced", replaced),
                    expiry(Map.of("tag", assignment.name(), "source", source.name()), assignment.expiresAt())));
        } else if (!Objects.equals(existing.expiresAt(), assignment.expiresAt())) {
            events.publishEvent(AuditRecord.of(
                    "MEMBER_TAG_REFRESHED",
                    "member",
                    account,
                    expiry(Map.of("tag", existing.name()), existing.expiresAt()),
                    expiry(Map.of("tag", assignment.name()), assignment.expiresAt())));
        }
        return new Tagged(assignment, replaced, existing != null);
    }

    private static Map<String, Object> expiry(Map<String, Object> state, Instant expiresAt) {
        Map<String, Object> withExpiry = new LinkedHashMap<>(state);
        if (expiresAt != null) {
            withExpiry.put("expiresAt", expiresAt.toString());
        }
        return withExpiry;
    }

    /** Removes a tag from a member; removing one the member does not carry changes nothing. */
    @Transactional
    public boolean remove(Scope scope, String account, long tagId) {
        requireMayTag(scope);
        long memberId = memberId(scope, account);
        if (queries.visibleTagId(scope, tagId).isEmpty()) {
            throw new NotFoundException("tag", tagId);
        }
        Assignment existing = assignment(scope, memberId, tagId);
        if (existing == null) {
            return false;
        }
        jdbc.sql("delete from member_tag where member_id = ? and tag_id = ?")
                .params(memberId, tagId)
                .update();
        events.publishEvent(AuditRecord.of(
                "MEMBER_UNTAGGED",
                "member",
                account,
                Map.of("tag", existing.name(), "source", existing.source(), "assignedBy", existing.assignedBy()),
                null));
        return true;
    }

    /**
     * In an exclusive group a member carries one tag: the previous one goes. A previous tag the
     * caller cannot see is not touched; the assignment is refused instead.
     */
    private List<String> makeWayInExclusiveGroup(Scope scope, long memberId, long tagId, String account) {
        List<Long> others = jdbc.sql("""
                        select mt.tag_id from live_member_tag mt join tag t on t.id = mt.tag_id
                        join tag_group g on g.id = t.group_id
                        where mt.member_id = :member and g.exclusive and t.deleted_at is null and mt.tag_id <> :tag
                          and t.group_id = (select group_id from tag where id = :tag)""")
                .param("member", memberId)
                .param("tag", tagId)
                .query(Long.class)
                .list();
        if (others.stream().anyMatch(other -> queries.visibleTagId(scope, other).isEmpty())) {
            throw RefusedException.conflict("tagId", "TAG_EXCLUSIVE_CONFLICT", tagName(tagId), account);
        }
        List<String> names = others.stream().map(this::tagName).toList();
        if (!others.isEmpty()) {
            jdbc.sql("delete from member_tag where member_id = :member and tag_id in (:others)")
                    .param("member", memberId)
                    .param("others", others)
                    .update();
        }
        return names;
    }

    private Assignment assignment(Scope scope, long memberId, long tagId) {
        return queries.assignments(scope, memberId).stream()
                .filter(a -> a.tagId() == tagId)
                .findFirst()
                .orElse(null);
    }

    private long memberId(Scope scope, String account) {
        return queries.memberIdInScope(scope, account).orElseThrow(() -> new NotFoundException("member", account));
    }

    private String tagName(long tagId) {
        return jdbc.sql("select name from tag where id = ?")
                .param(tagId)
                .query(String.class)
                .single();
    }

    private void requireMayTag(Scope scope) {
        scope.require(Action.TAG_MEMBERS);
    }
}
