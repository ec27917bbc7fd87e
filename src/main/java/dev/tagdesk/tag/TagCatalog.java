package dev.tagdesk.tag;

import dev.tagdesk.access.Scope;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read-only questions about tags, always answered within the caller's scope. */
@Service
public class TagCatalog {

    /** A tag as a member carries it. */
    public record MemberTag(long id, String name, String color, String groupName, String source, Instant assignedAt) {}

    public record TagCounts(long groups, long tags) {}

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

    /** The member's tags that the caller may see; one statement however many tags there are. */
    @Transactional(readOnly = true)
    public List<MemberTag> tagsOf(Scope scope, long memberId) {
        return jdbc.sql("""
                        select t.id, t.name, t.color, g.name as group_name, mt.source, mt.assigned_at
                        from member_tag mt
                        join tag t on t.id = mt.tag_id
                        join tag_group g on g.id = t.group_id
                        where mt.member_id = :memberId and\s""" + TagVisibility.CONDITION + """

                        order by g.sort_order, t.name""")
                .param("memberId", memberId)
                .params(TagVisibility.parameters(scope))
                .query((rs, i) -> new MemberTag(
                        rs.getLong("id"),
                        rs.getString("name"),
                        rs.getString("color"),
                        rs.getString("group_name"),
                        rs.getString("source"),
                        instant(rs.getTimestamp("assigned_at"))))
                .list();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
