package dev.tagdesk.tag;

import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.DirectorySql;
import dev.tagdesk.shared.SqlArrays;
import dev.tagdesk.tag.internal.TagVisibility;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Member tags read in bulk for the import's checks and the member-tag export: streamed from a
 * server-side cursor in the caller's transaction, so memory stays flat whatever the number of
 * assignments, and each read one statement. Only tags the reader may see are read.
 */
@Component
public class MemberTagReads {

    /** A live assignment: member id and tag id. */
    @FunctionalInterface
    public interface Pair {
        void accept(long memberId, long tagId);
    }

    /** A member of an export with one of their tags (null: a member without any of the tags exported). */
    @FunctionalInterface
    public interface ExportRow {
        void accept(String account, String name, String tag);
    }

    /**
     * The members of an export: those of the subtree at {@code subtreePath} (everyone, with
     * {@code everyone}), with their live tags visible in the scope; only the tags {@code tagIds}, and
     * only members carrying one of them, unless it is empty.
     */
    public record Export(Scope scope, String subtreePath, boolean everyone, List<Long> tagIds) {}

    /** Rows the cursors fetch at a time: enough for throughput, little enough for a small heap. */
    private static final int FETCH = 10_000;

    private static final int EXPORT_FETCH = 2_000;

    /** Members of the export: all, or those of one department's subtree. */
    private static final String MEMBERS = "select m.id from " + DirectorySql.members() + " m where :everyone or "
            + DirectorySql.memberInSubtree("m.id", ":path || '%'");

    /** Their assignments of tags the exporter may see (optionally only some tags), with the list's order. */
    private static final String PAIRS = """
            select mt.member_id, t.name, t.normalized_name, g.sort_order
            from live_member_tag mt join tag t on t.id = mt.tag_id join tag_group g on g.id = t.group_id
            where\s""" + TagVisibility.CONDITION + """
             and (:allTags or t.id = any(cast(:tagIds as bigint[])))
             and mt.member_id in (""" + MEMBERS + ")";

    private final JdbcTemplate template;
    private final JdbcClient jdbc;
    private final JdbcClient cursor;

    MemberTagReads(JdbcTemplate template, JdbcClient jdbc, DataSource dataSource) {
        this.template = template;
        this.jdbc = jdbc;
        JdbcTemplate streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(EXPORT_FETCH);
        this.cursor = JdbcClient.create(streaming);
    }

    /**
     * The live assignments of these tags (of these members only, unless null), streamed to
     * {@code each} in one statement.
     */
    @Transactional(readOnly = true)
    public void livePairs(Long[] tagIds, Long[] memberIds, Pair each) {
        template.query(
                connection -> {
                    PreparedStatement pairs = connection.prepareStatement(
                            "select member_id, tag_id from live_member_tag where tag_id = any(?)"
                                    + (memberIds == null ? "" : " and member_id = any(?)"));
                    pairs.setFetchSize(FETCH);
                    pairs.setArray(1, connection.createArrayOf("bigint", tagIds));
                    if (memberIds != null) {
                        pairs.setArray(2, connection.createArrayOf("bigint", memberIds));
                    }
                    return pairs;
                },
                (RowCallbackHandler) rs -> each.accept(rs.getLong(1), rs.getLong(2)));
    }

    /** The most tags one member of the export carries (the export's number of tag columns). */
    @Transactional(readOnly = true)
    public long mostTagsOnOneMember(Export export) {
        return jdbc.sql("select coalesce(max(n), 0) from (select count(*) as n from (" + PAIRS
                        + ") p group by p.member_id) c")
                .params(parameters(export))
                .query(Long.class)
                .single();
    }

    /**
     * The export's members by account, each with their tags in the tag list's order (group, then
     * name), one row per tag, streamed from a cursor in one statement.
     */
    @Transactional(readOnly = true)
    public void export(Export export, ExportRow each) {
        String join = export.tagIds().isEmpty() ? "left join" : "join";
        cursor.sql("select m.account, m.name, p.name as tag from (" + MEMBERS + ") s"
                        + " join " + DirectorySql.members() + " m on m.id = s.id " + join + " (" + PAIRS
                        + ") p on p.member_id = m.id"
                        + " order by m.account, p.sort_order, p.normalized_name")
                .params(parameters(export))
                .query(rs -> {
                    each.accept(rs.getString(1), rs.getString(2), rs.getString(3));
                });
    }

    private static Map<String, Object> parameters(Export export) {
        Map<String, Object> params = new HashMap<>(TagVisibility.parameters(export.scope()));
        params.put("everyone", export.everyone());
        params.put("path", export.subtreePath());
        params.put("allTags", export.tagIds().isEmpty());
        params.put("tagIds", SqlArrays.ids(export.tagIds()));
        return params;
    }
}
