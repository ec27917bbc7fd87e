package dev.tagdesk.transfer;

import dev.tagdesk.access.Scope;
import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.shared.CsvWriter;
import dev.tagdesk.shared.NotFoundException;
import dev.tagdesk.shared.SqlArrays;
import dev.tagdesk.tag.TagVisibility;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Member tags in the import's shape ({@code 姓名,账号,标签1…标签N}), one row per member, so that an
 * export re-imports to no change. The rows stream from a server-side cursor straight into the
 * response: memory stays flat whatever the number of assignments.
 */
@Service
public class MemberTagExport {

    /** Members of the export: all in scope, or those of one department's subtree. */
    private static final String MEMBERS = """
            select m.id from member m
            where :everyone or exists (
                select 1 from member_department md join department d on d.id = md.department_id
                where md.member_id = m.id and d.path like :path || '%')""";

    /** Their assignments of tags the exporter may see (optionally only some tags), with the list's order. */
    private static final String PAIRS = """
            select mt.member_id, t.name, t.normalized_name, g.sort_order
            from live_member_tag mt join tag t on t.id = mt.tag_id join tag_group g on g.id = t.group_id
            where\s""" + TagVisibility.CONDITION + """
             and (:allTags or t.id = any(cast(:tagIds as bigint[])))
             and mt.member_id in (""" + MEMBERS + ")";

    public record Exported(long members, long assignments) {}

    private final JdbcClient jdbc;
    private final JdbcClient cursor;
    private final ApplicationEventPublisher events;

    MemberTagExport(JdbcClient jdbc, DataSource dataSource, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.cursor = Cursors.over(dataSource);
        this.events = events;
    }

    /**
     * Writes the members of {@code departmentId}'s subtree (or all in scope when {@code null}) with
     * their tags; with {@code tagIds}, only the members carrying one of those tags, and only those
     * tags. A department outside the scope is a 404.
     */
    @Transactional
    public Exported write(Scope scope, Long departmentId, List<Long> tagIds, OutputStream out) throws IOException {
        Map<String, Object> params = parameters(scope, departmentId, tagIds);
        int tagColumns = (int) Math.max(
                1,
                jdbc.sql("select coalesce(max(n), 0) from (select count(*) as n from (" + PAIRS
                                + ") p group by p.member_id) c")
                        .params(params)
                        .query(Long.class)
                        .single());
        String join = tagIds.isEmpty() ? "left join" : "join";
        Row row = new Row();
        long[] counts = {0, 0};
        try (CsvWriter csv = new CsvWriter(out)) {
            List<String> header = new ArrayList<>(List.of("姓名", "账号"));
            for (int i = 1; i <= tagColumns; i++) {
                header.add("标签" + i);
            }
            csv.row(header);
            try {
                cursor.sql("select m.account, m.name, p.name as tag from (" + MEMBERS + ") s"
                                + " join member m on m.id = s.id " + join + " (" + PAIRS + ") p on p.member_id = m.id"
                                + " order by m.account, p.sort_order, p.normalized_name")
                        .params(params)
                        .query(rs -> {
                            String account = rs.getString(1);
                            if (!account.equals(row.account)) {
                                row.writeTo(csv);
                                row.start(account, rs.getString(2));
                                counts[0]++;
                            }
                            String tag = rs.getString(3);
                            if (tag != null) {
                                row.tags.add(tag);
                                counts[1]++;
                            }
                        });
                row.writeTo(csv);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        Map<String, Object> asked = new LinkedHashMap<>();
        asked.put("departmentId", departmentId);
        asked.put("tagIds", tagIds);
        events.publishEvent(AuditRecord.of(
                "EXPORT_MEMBER_TAGS",
                "export",
                "member-tags.csv",
                asked,
                Map.of("members", counts[0], "assignments", counts[1])));
        return new Exported(counts[0], counts[1]);
    }

    private Map<String, Object> parameters(Scope scope, Long departmentId, List<Long> tagIds) {
        String path = scope.subtreePath();
        if (departmentId != null) {
            path = jdbc.sql("select path from department where id = ?")
                    .param(departmentId)
                    .query(String.class)
                    .optional()
                    .filter(scope::covers)
                    .orElseThrow(() -> new NotFoundException("department", departmentId));
        }
        Map<String, Object> params = new HashMap<>(TagVisibility.parameters(scope));
        params.put("everyone", scope.isWholeCompany() && departmentId == null);
        params.put("path", path);
        params.put("allTags", tagIds.isEmpty());
        params.put("tagIds", SqlArrays.ids(tagIds));
        return params;
    }

    /** The member being written: their tags arrive as consecutive rows of the cursor. */
    private static final class Row {
        String account;
        String name;
        final List<String> tags = new ArrayList<>();

        void start(String account, String name) {
            this.account = account;
            this.name = name;
            tags.clear();
        }

        void writeTo(CsvWriter csv) {
            if (account == null) {
                return;
            }
            List<String> cells = new ArrayList<>(2 + tags.size());
            cells.add(name);
            cells.add(account);
            cells.addAll(tags);
            try {
                csv.row(cells);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
