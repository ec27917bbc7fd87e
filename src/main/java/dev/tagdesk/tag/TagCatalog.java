package dev.tagdesk.tag;

import dev.tagdesk.access.Scope;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
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
     * The latest tags other people put on members in the caller's scope (tags the caller may see),
     * newest first, from the last {@code days} days.
     */
    @Transactional(readOnly = true)
    public List<RecentAssignment> recentAssignmentsByOthers(Scope scope, int days, int limit) {
        return jdbc.sql("""
                        select t.id, t.name, t.color, m.account, m.name as member_name, mt.assigned_by, mt.assigned_at
                        from live_member_tag mt join tag t on t.id = mt.tag_id join member m on m.id = mt.member_id
                        where mt.assigned_by <> :me and mt.assigned_at > now() - make_interval(days => :days)
                          and (:seesAll or mt.member_id in (""" + TagQueries.MEMBERS_IN_SCOPE + "))\n and "
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
}
