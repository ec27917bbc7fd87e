package dev.tagdesk.transfer;

import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.DirectorySql;
import dev.tagdesk.shared.Page;
import dev.tagdesk.tag.TagCatalog;
import dev.tagdesk.transfer.MemberTagImports.ImportProblem;
import dev.tagdesk.transfer.MemberTagImports.ImportReport;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The two long lists of an import's page, a page at a time, read and paged in the database: the
 * changes its rows without errors make (before it is applied), by member in the file's order, and
 * the rows an import of only the rows without errors skipped, with why. A page costs the same few
 * statements whatever its size. The changes were found against the importer's scope; they are shown
 * only for members in the viewer's scope and with tags the viewer can see (an importer's scope may
 * have changed since).
 */
@Service
public class ImportChangeList {

    /** Which changes to list: all, the members gaining a tag, the members losing one. */
    public enum Kind {
        ALL,
        ADD,
        REMOVE;

        /** A filter as asked for; anything else lists everything. */
        public static Kind of(String text) {
            for (Kind kind : values()) {
                if (kind.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
                    return kind;
                }
            }
            return ALL;
        }

        public String parameter() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The page sizes offered; anything else is the smaller. */
    public static final List<Integer> PAGE_SIZES = List.of(20, 50);

    public static int pageSize(int asked) {
        return PAGE_SIZES.contains(asked) ? asked : PAGE_SIZES.get(0);
    }

    public record ShownTag(long id, String name, String color, Integer shelfLifeDays) {}

    /**
     * One change to a member's tags: {@code ADD}, {@code REMOVE}, or {@code REPLACE} (an exclusive
     * group's tag taken off for {@code replacedBy}, the group's tag the file lists).
     */
    public record TagChange(String kind, ShownTag tag, ShownTag replacedBy) {}

    public record MemberChanges(long line, String account, String name, List<TagChange> changes) {}

    /** A page of changes with how many members each filter lists. */
    public record Changes(Page<MemberChanges> page, Kind kind, long members, long adding, long removing) {}

    /** A row skipped by an import of only its rows without errors, with its errors or the note why. */
    public record SkippedRow(long line, String account, List<ImportProblem> reasons) {}

    private static final String MEMBER_IN_SCOPE =
            "(:seesAll or c.member_id in (" + DirectorySql.membersIn(":scopePattern") + "))";

    private static final String OF_KIND = """
            (:kind = 'ALL' or (:kind = 'ADD' and cardinality(c.added) > 0)
             or (:kind = 'REMOVE' and cardinality(c.removed) + cardinality(c.replaced) > 0))""";

    private final JdbcClient jdbc;
    private final TagCatalog catalog;

    ImportChangeList(JdbcClient jdbc, TagCatalog catalog) {
        this.jdbc = jdbc;
        this.catalog = catalog;
    }

    /**
     * A page of what the import's rows without errors change, by member in the order of the file;
     * an import whose changes were not listed (previewed before they were) lists none.
     */
    @Transactional(readOnly = true)
    public Changes changes(Scope scope, ImportReport report, Kind kind, int page, int size) {
        int pageSize = pageSize(size);
        int number = Page.number(page);
        Map<String, Object> counts = jdbc.sql("""
                        select count(*) as members,
                               count(*) filter (where cardinality(c.added) > 0) as adding,
                               count(*) filter (where cardinality(c.removed) + cardinality(c.replaced) > 0) as removing
                        from import_change c where c.job_id = :job and\s""" + MEMBER_IN_SCOPE)
                .param("job", report.id())
                .param("seesAll", scope.isWholeCompany())
                .param("scopePattern", scope.pathPattern())
                .query()
                .singleRow();
        List<Row> rows = jdbc.sql("""
                        select c.line, m.account, m.name, c.added, c.removed, c.replaced, c.replaced_by
                        from import_change c join\s""" + DirectorySql.members() + " m on m.id = c.member_id"
                        + " where c.job_id = :job and " + MEMBER_IN_SCOPE + " and " + OF_KIND + """

                        order by c.line limit :size offset :offset""")
                .param("job", report.id())
                .param("seesAll", scope.isWholeCompany())
                .param("scopePattern", scope.pathPattern())
                .param("kind", kind.name())
                .param("size", pageSize)
                .param("offset", (long) number * pageSize)
                .query((rs, i) -> new Row(
                        rs.getLong("line"),
                        rs.getString("account"),
                        rs.getString("name"),
                        longs(rs, "added"),
                        longs(rs, "removed"),
                        longs(rs, "replaced"),
                        longs(rs, "replaced_by")))
                .list();
        Map<Long, ShownTag> tags = visibleTags(scope, rows);
        List<MemberChanges> items = new ArrayList<>();
        for (Row row : rows) {
            items.add(new MemberChanges(row.line(), row.account(), row.name(), row.changes(kind, tags)));
        }
        long total = number(
                counts,
                switch (kind) {
                    case ALL -> "members";
                    case ADD -> "adding";
                    case REMOVE -> "removing";
                });
        return new Changes(
                new Page<>(items, number, pageSize, total),
                kind,
                number(counts, "members"),
                number(counts, "adding"),
                number(counts, "removing"));
    }

    /**
     * A page of the rows an import of only its rows without errors skipped, in line order, each with
     * its errors, or the note that it was skipped with the other rows of its member.
     */
    @Transactional(readOnly = true)
    public Page<SkippedRow> skippedRows(ImportReport report, int page, int size) {
        int pageSize = pageSize(size);
        int number = Page.number(page);
        Map<Long, SkippedRow> rows = new LinkedHashMap<>();
        jdbc.sql("""
                        with skipped as (
                            select line from import_problem
                            where job_id = :job and code <> all(cast(:warnings as text[]))
                            group by line order by line limit :size offset :offset)
                        select s.line, r.account, p.col, p.code, p.value
                        from skipped s
                        join import_problem p on p.job_id = :job and p.line = s.line and p.code <> all(cast(:warnings as text[]))
                        left join import_row r on r.job_id = :job and r.line = s.line
                        order by s.line, p.col, p.code""")
                .param("job", report.id())
                .param("warnings", ProblemCode.names(ProblemCode::isWarning))
                .param("size", pageSize)
                .param("offset", (long) number * pageSize)
                .query(rs -> {
                    long line = rs.getLong("line");
                    SkippedRow row = rows.get(line);
                    if (row == null) {
                        row = new SkippedRow(line, rs.getString("account"), new ArrayList<>());
                        rows.put(line, row);
                    }
                    row.reasons()
                            .add(new ImportProblem(
                                    line,
                                    rs.getInt("col"),
                                    ProblemCode.valueOf(rs.getString("code")),
                                    rs.getString("value")));
                });
        return new Page<>(
                List.copyOf(rows.values()), number, pageSize, report.cleanRows().skipped());
    }

    /** The tags a page names that the viewer can see (live, visible in their scope), by id. */
    private Map<Long, ShownTag> visibleTags(Scope scope, List<Row> rows) {
        Set<Long> ids = new LinkedHashSet<>();
        rows.forEach(row -> row.tagIds(ids));
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, ShownTag> tags = new HashMap<>();
        catalog.shown(scope, ids)
                .forEach((id, tag) ->
                        tags.put(id, new ShownTag(tag.id(), tag.name(), tag.color(), tag.shelfLifeDays())));
        return tags;
    }

    /** A member's row of {@code import_change}. */
    private record Row(
            long line, String account, String name, long[] added, long[] removed, long[] replaced, long[] replacedBy) {

        void tagIds(Set<Long> ids) {
            for (long[] tags : List.of(added, removed, replaced, replacedBy)) {
                for (long tag : tags) {
                    ids.add(tag);
                }
            }
        }

        /** The changes of the kind asked for, with the tags the viewer can see. */
        List<TagChange> changes(Kind kind, Map<Long, ShownTag> tags) {
            List<TagChange> changes = new ArrayList<>();
            if (kind != Kind.REMOVE) {
                for (long tag : added) {
                    shown(tags, tag, null, "ADD", changes);
                }
            }
            if (kind != Kind.ADD) {
                for (int i = 0; i < replaced.length; i++) {
                    ShownTag by = tags.get(replacedBy[i]);
                    shown(tags, replaced[i], by, by == null ? "REMOVE" : "REPLACE", changes);
                }
                for (long tag : removed) {
                    shown(tags, tag, null, "REMOVE", changes);
                }
            }
            return changes;
        }

        private static void shown(
                Map<Long, ShownTag> tags, long id, ShownTag by, String kind, List<TagChange> changes) {
            ShownTag tag = tags.get(id);
            if (tag != null) {
                changes.add(new TagChange(kind, tag, by));
            }
        }
    }

    private static long[] longs(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        Long[] values = (Long[]) array.getArray();
        long[] longs = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            longs[i] = values[i];
        }
        return longs;
    }

    private static long number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).longValue();
    }
}
