package dev.tagdesk.tag;

import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.Departments;
import dev.tagdesk.directory.DirectorySql;
import dev.tagdesk.shared.SqlArrays;
import dev.tagdesk.tag.internal.TagVisibility;
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

    /** A live tag by name, for pickers. */
    public record TagName(long id, String name) {}

    /** A tag as a list of changes shows it. */
    public record ShownTag(long id, String name, String color, Integer shelfLifeDays) {}

    /** A tag that may not be used in a department, named for the refusal. */
    public record Unusable(String tag, String department) {}

    /**
     * A live tag an importer may name, with what the import's checks need: its group, whether the
     * group is exclusive, and where it may be used: company-wide, or in the departments whose paths
     * {@code departments} lists ({@code withSubDepartments}: whether each includes those below it).
     */
    public record UsableTag(
            long id,
            String name,
            String normalizedName,
            long groupId,
            boolean exclusive,
            boolean wholeCompany,
            String[] departments,
            boolean[] withSubDepartments) {}

    private final JdbcClient jdbc;

    TagCatalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The live tags the caller may see, by name (a form's pickers). One statement. */
    @Transactional(readOnly = true)
    public List<TagName> visible(Scope scope) {
        return jdbc.sql("select t.id, t.name from tag t where " + TagVisibility.CONDITION
                        + " order by t.normalized_name")
                .params(TagVisibility.parameters(scope))
                .query((rs, i) -> new TagName(rs.getLong("id"), rs.getString("name")))
                .list();
    }

    /** Those of these tags the caller can see (live, visible in the scope), by id. One statement. */
    @Transactional(readOnly = true)
    public Map<Long, ShownTag> shown(Scope scope, Collection<Long> ids) {
        Map<Long, ShownTag> tags = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return tags;
        }
        jdbc.sql("select t.id, t.name, t.color, t.shelf_life_days from tag t"
                        + " where t.id = any(cast(:ids as bigint[])) and " + TagVisibility.CONDITION)
                .params(TagVisibility.parameters(scope))
                .param("ids", SqlArrays.ids(ids))
                .query(rs -> {
                    Object days = rs.getObject("shelf_life_days");
                    tags.put(
                            rs.getLong("id"),
                            new ShownTag(
                                    rs.getLong("id"),
                                    rs.getString("name"),
                                    rs.getString("color"),
                                    days == null ? null : ((Number) days).intValue()));
                });
        return tags;
    }

    /**
     * The tags, live or in the recycle bin, whose visibility names a department of the scope's subtree
     * (for the rules an OPS user may read: those naming such a tag). One statement.
     */
    @Transactional(readOnly = true)
    public java.util.Set<Long> visibleToDepartmentsIn(Scope scope) {
        return new java.util.HashSet<>(
                jdbc.sql("select distinct v.tag_id from tag_visibility v where v.department_id in ("
                                + DirectorySql.departmentsIn(":homePath || '%'") + ")")
                        .param("homePath", scope.subtreePath())
                        .query(Long.class)
                        .list());
    }

    /** For each live tag of an exclusive group, the other live tags of its group. One statement. */
    @Transactional(readOnly = true)
    public Map<Long, java.util.Set<Long>> exclusiveSiblings() {
        Map<Long, List<Long>> groups = new java.util.HashMap<>();
        jdbc.sql("""
                        select t.id, t.group_id from tag t join tag_group g on g.id = t.group_id
                        where g.exclusive and t.deleted_at is null""").query(rs -> {
            groups.computeIfAbsent(rs.getLong("group_id"), g -> new java.util.ArrayList<>())
                    .add(rs.getLong("id"));
        });
        Map<Long, java.util.Set<Long>> siblings = new java.util.HashMap<>();
        for (List<Long> members : groups.values()) {
            for (Long tag : members) {
                java.util.Set<Long> others = new java.util.HashSet<>(members);
                others.remove(tag);
                siblings.put(tag, others);
            }
        }
        return siblings;
    }

    /**
     * Which of these tags may not be used in which of these departments: a tag is usable in a
     * department it is visible to (with its sub-departments, when the department is chosen with them),
     * or below a department it is visible to with its sub-departments. By tag name, then tree order;
     * one statement.
     */
    @Transactional(readOnly = true)
    public List<Unusable> unusableIn(Collection<Long> tagIds, List<Departments.Entry> departments) {
        return jdbc.sql("""
                        select t.name as tag, d.name as department
                        from tag t cross join unnest(cast(:departments as bigint[]), cast(:subs as boolean[])) as rd(id, sub)
                        join\s""" + DirectorySql.departments() + " d on d.id = rd.id" + """

                        where t.id = any(cast(:tags as bigint[])) and not t.whole_company and not exists (
                            select 1 from tag_visibility v join\s""" + DirectorySql.departments()
                        + " vd on vd.id = v.department_id" + """

                            where v.tag_id = t.id
                              and ((v.department_id = d.id and (v.include_sub_departments or not rd.sub))
                                   or (v.include_sub_departments and vd.id <> d.id and d.path like vd.path || '%')))
                        order by t.normalized_name, d.path""")
                .param(
                        "departments",
                        SqlArrays.ids(departments.stream()
                                .map(Departments.Entry::departmentId)
                                .toList()))
                .param(
                        "subs",
                        SqlArrays.booleans(departments.stream()
                                .map(Departments.Entry::withSubDepartments)
                                .toList()))
                .param("tags", SqlArrays.ids(tagIds))
                .query((rs, i) -> new Unusable(rs.getString("tag"), rs.getString("department")))
                .list();
    }

    /**
     * The live tags visible in the importer's scope, each with where it may be used (the paths of the
     * departments its visibility names), streamed to {@code each}; one statement.
     */
    @Transactional(readOnly = true)
    public void usable(Scope scope, java.util.function.Consumer<UsableTag> each) {
        jdbc.sql("""
                        select t.id, t.name, t.normalized_name, t.group_id, g.exclusive, t.whole_company,
                               coalesce(visible.departments, '{}') as departments, coalesce(visible.with_sub, '{}') as with_sub
                        from tag t join tag_group g on g.id = t.group_id
                        left join lateral (
                            select array_agg(d.path order by d.id) as departments,
                                   array_agg(tv.include_sub_departments order by d.id) as with_sub
                            from tag_visibility tv join\s""" + DirectorySql.departments() + " d on d.id = tv.department_id" + """

                            where tv.tag_id = t.id) visible on true
                        where\s""" + TagVisibility.CONDITION)
                .params(TagVisibility.parameters(scope))
                .query(rs -> {
                    Boolean[] withSub = (Boolean[]) rs.getArray("with_sub").getArray();
                    boolean[] unboxed = new boolean[withSub.length];
                    for (int i = 0; i < withSub.length; i++) {
                        unboxed[i] = withSub[i];
                    }
                    each.accept(new UsableTag(
                            rs.getLong("id"),
                            rs.getString("name"),
                            rs.getString("normalized_name"),
                            rs.getLong("group_id"),
                            rs.getBoolean("exclusive"),
                            rs.getBoolean("whole_company"),
                            (String[]) rs.getArray("departments").getArray(),
                            unboxed));
                });
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
