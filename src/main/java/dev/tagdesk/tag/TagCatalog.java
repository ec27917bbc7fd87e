package dev.tagdesk.tag;

import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.DirectorySql;
import dev.tagdesk.shared.SqlArrays;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Read-only questions about tags, always answered within the caller's scope. */
@Service
public class TagCatalog {

    public record TagCounts(long groups, long tags) {}

    /** A tag someone else put on a member the caller may see, and when. */
    public record RecentAssignment(
            long tagId, String tagName, String color, String account, String memberName, String by, Instant at) {}

    /** A tag the caller may see that someone else changed, and when. */
    public record RecentTagChange(long tagId, String tagName, String color, String by, Instant at) {}

    /** A member carrying a tag, with where the assignment came from and when it ends. */
    public record Carrier(
            String account, String name, String source, String assignedBy, Instant assignedAt, Instant expiresAt) {}

    /**
     * A tag that something else names (an auto-tag rule): its name (the last one, if deleted), whether
     * it is in the recycle bin, and whether the caller may see it (else its name must not be shown).
     */
    public record NamedTag(long id, String name, boolean deleted, boolean readable) {}

    private final JdbcClient jdbc;

    TagCatalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public TagCounts counts(Scope scope) {
        long groups =
                jdbc.sql("select count(*) from tag_group").query(Long.class).single();
        long tags = jdbc.sql("select count(*) from tag t where " + TagVisibility.CONDITION)
                .params(TagVisibility.parameters(scope))
                .query(Long.class)
                .single();
        return new TagCounts(groups, tags);
    }

    /**
     * The members in the caller's scope carrying a tag (which the caller must already be allowed to
     * see), a page at a time, the latest assignments first; two statements whatever the page size.
     */
    @Transactional(readOnly = true)
    public dev.tagdesk.shared.Page<Carrier> carriers(Scope scope, long tagId, int page, int size) {
        int from = dev.tagdesk.shared.Page.number(page);
        String carried = " from live_member_tag mt join " + DirectorySql.members()
                + " m on m.id = mt.member_id where mt.tag_id = :tag"
                + " and (:seesAll or mt.member_id in (" + TagQueries.MEMBERS_IN_SCOPE + "))";
        List<Carrier> rows = jdbc.sql(
                        "select m.account, m.name, mt.source, mt.assigned_by, mt.assigned_at, mt.expires_at" + carried
                                + " order by mt.assigned_at desc, m.account limit :size offset :offset")
                .params(TagVisibility.parameters(scope))
                .param("tag", tagId)
                .param("size", size)
                .param("offset", (long) from * size)
                .query((rs, i) -> new Carrier(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()))
                .list();
        long total = jdbc.sql("select count(*)" + carried)
                .params(TagVisibility.parameters(scope))
                .param("tag", tagId)
                .query(Long.class)
                .single();
        return new dev.tagdesk.shared.Page<>(rows, from, size, total);
    }

    /**
     * The latest tags other people put on members in the caller's scope (tags the caller may see),
     * newest first, from the last {@code days} days.
     */
    @Transactional(readOnly = true)
    public List<RecentAssignment> recentAssignmentsByOthers(Scope scope, int days, int limit) {
        return jdbc.sql("""
                        select t.id, t.name, t.color, m.account, m.name as member_name, mt.assigned_by, mt.assigned_at
                        from live_member_tag mt join tag t on t.id = mt.tag_id join\s""" + DirectorySql.members() + " m on m.id = mt.member_id" + """

                        where mt.assigned_by <> :me and mt.assigned_at > now() - make_interval(days => :days)
                          and (:seesAll or mt.member_id in (""" + TagQueries.MEMBERS_IN_SCOPE
                        + "))\n and "
                        + TagVisibility.CONDITION + " order by mt.assigned_at desc, mt.member_id limit :limit")
                .params(TagVisibility.parameters(scope))
                .param("me", scope.username())
                .param("days", days)
                .param("limit", limit)
                .query((rs, i) -> new RecentAssignment(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getTimestamp(7).toInstant()))
                .list();
    }

    /** The latest changes other people made to tags the caller may see, from the last {@code days} days. */
    @Transactional(readOnly = true)
    public List<RecentTagChange> recentTagChangesByOthers(Scope scope, int days, int limit) {
        return jdbc.sql("select t.id, t.name, t.color, t.updated_by, t.updated_at from tag t where "
                        + TagVisibility.CONDITION + """
                         and t.updated_by <> :me and t.updated_at > now() - make_interval(days => :days)
                        order by t.updated_at desc, t.id limit :limit""")
                .params(TagVisibility.parameters(scope))
                .param("me", scope.username())
                .param("days", days)
                .param("limit", limit)
                .query((rs, i) -> new RecentTagChange(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant()))
                .list();
    }

    /**
     * The tags among these ids that exist, live or in the recycle bin, each readable or not in the
     * scope (all readable without one: TagDesk itself asks); an id that was purged (or never was) is
     * absent. In one statement.
     */
    @Transactional(readOnly = true)
    public Map<Long, NamedTag> named(Scope scope, Collection<Long> ids) {
        if (scope == null) {
            return named(ids, "true", Map.of(), "");
        }
        return named(ids, "(" + TagVisibility.LIVE_OR_IN_RECYCLE_BIN + ")", TagVisibility.parameters(scope), "");
    }

    /**
     * The same for TagDesk itself (every tag readable), each row locked until the caller's transaction
     * ends: a tag found live stays live until a rule naming it is saved or has run, because a deletion
     * waits for the lock (and one that came first is seen as deleted).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<Long, NamedTag> lockNamed(Collection<Long> ids) {
        return named(ids, "true", Map.of(), " order by t.id for share of t");
    }

    private Map<Long, NamedTag> named(
            Collection<Long> ids, String readable, Map<String, Object> params, String orderAndLock) {
        Map<Long, NamedTag> named = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return named;
        }
        jdbc.sql("select t.id, t.name, t.deleted_at is not null as deleted, " + readable + " as readable"
                        + " from tag t where t.id = any(cast(:ids as bigint[]))" + orderAndLock)
                .param("ids", SqlArrays.ids(ids))
                .params(params)
                .query(rs -> {
                    named.put(
                            rs.getLong("id"),
                            new NamedTag(
                                    rs.getLong("id"),
                                    rs.getString("name"),
                                    rs.getBoolean("deleted"),
                                    rs.getBoolean("readable")));
                });
        return named;
    }
}
