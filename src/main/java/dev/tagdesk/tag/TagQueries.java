package dev.tagdesk.tag;

import dev.tagdesk.access.Scope;
import dev.tagdesk.access.UserAdministration;
import dev.tagdesk.directory.Departments;
import dev.tagdesk.directory.DirectorySql;
import dev.tagdesk.directory.Members;
import dev.tagdesk.shared.SqlArrays;
import dev.tagdesk.tag.TagViews.Assignment;
import dev.tagdesk.tag.TagViews.GroupView;
import dev.tagdesk.tag.TagViews.TagFilter;
import dev.tagdesk.tag.TagViews.TagRow;
import dev.tagdesk.tag.TagViews.VisibilityView;
import dev.tagdesk.tag.internal.TagVisibility;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The tag module's read side in SQL. Every query takes the caller's scope; association counts count
 * only members inside it, so a count never reveals members the caller may not see.
 */
@Repository
class TagQueries {

    /** The members the caller may see, for counting: those in a department of the caller's subtree. */
    static final String MEMBERS_IN_SCOPE = DirectorySql.membersIn(":homePath || '%'");

    /**
     * Members carrying tag t that the caller may see (all of them for company-wide roles). The
     * members in scope are a non-correlated IN, which PostgreSQL hashes once per query.
     */
    private static final String MEMBER_COUNT = """
            (case when :seesAll then (select count(*) from live_member_tag mt where mt.tag_id = t.id)
                  else (select count(*) from live_member_tag mt where mt.tag_id = t.id and mt.member_id in (
            """ + MEMBERS_IN_SCOPE + ")) end)";

    /** Of those, the ones whose assignment expires within the next week. */
    private static final String EXPIRING_SOON = """
            (select count(*) from live_member_tag mt where mt.tag_id = t.id and mt.expires_at <= now() + interval '7 days'
               and (:seesAll or mt.member_id in (""" + MEMBERS_IN_SCOPE + ")))";

    private static final String VISIBLE_TO =
            """
            (select string_agg(d.name || case when v.include_sub_departments then '+' else '' end, '、' order by d.path)
               from tag_visibility v join\s""" + DirectorySql.departments() + " d on d.id = v.department_id where v.tag_id = t.id)";

    private static final String BASE_COLUMNS =
            "t.id, t.name, t.group_id, g.name as group_name, t.color, t.color_family, "
                    + "t.whole_company, t.updated_at, t.description, t.version, " + VISIBLE_TO + " as visible_to";

    private static final String ROW_COLUMNS =
            BASE_COLUMNS + ", " + MEMBER_COUNT + " as member_count, " + EXPIRING_SOON + " as expiring_soon";

    private static final String FILTERS = """
            from tag t join tag_group g on g.id = t.group_id
            where\s""" + TagVisibility.CONDITION + """

              and (:q = '' or t.normalized_name like :like escape '\\')
              and (:groupId = -1 or t.group_id = :groupId)
              and (cast(:family as varchar) is null or t.color_family = :family)
              and (:departmentId = -1 or t.whole_company or exists (
                    select 1 from tag_visibility fv join\s""" + DirectorySql.departments()
            + " fvd on fvd.id = fv.department_id" + """

                    where fv.tag_id = t.id
                      and (fv.department_id = :departmentId
                           or (fv.include_sub_departments and :departmentPath like fvd.path || '%'))))
              and (:expiringDays = 0 or exists (
                    select 1 from live_member_tag xm where xm.tag_id = t.id
                      and xm.expires_at <= now() + make_interval(days => :expiringDays)
                      and (:seesAll or xm.member_id in (""" + MEMBERS_IN_SCOPE + "))))";

    private final JdbcClient jdbc;
    private final Departments departments;
    private final Members members;
    private final UserAdministration users;
    private final org.springframework.beans.factory.ObjectProvider<TagRuleReferences> ruleReferences;

    TagQueries(
            JdbcClient jdbc,
            Departments departments,
            Members members,
            UserAdministration users,
            org.springframework.beans.factory.ObjectProvider<TagRuleReferences> ruleReferences) {
        this.jdbc = jdbc;
        this.departments = departments;
        this.members = members;
        this.users = users;
        this.ruleReferences = ruleReferences;
    }

    /**
     * One page of the tag list: one statement for the rows and one for the total, whatever the size.
     * The page of ids is chosen first, so counts and department names are computed for its rows only.
     */
    List<TagRow> tags(Scope scope, TagFilter filter, String departmentPath) {
        // Scoped counts start from the members in scope (usually few) and group their assignments by
        // tag once for the page, instead of probing every member for every tag.
        return filtered(
                        "with page as (select t.id " + FILTERS + " order by "
                                + filter.sort().orderBy()
                                + " limit :size offset :offset),"
                                + " scoped as (select mt.tag_id, count(*) as n from live_member_tag mt"
                                + " where not :seesAll and mt.tag_id in (select id from page)"
                                + " and mt.member_id in (" + MEMBERS_IN_SCOPE + ") group by mt.tag_id),"
                                + " expiring as (select mt.tag_id, count(*) as n from live_member_tag mt"
                                + " where mt.tag_id in (select id from page) and mt.expires_at <= now() + interval '7 days'"
                                + " and (:seesAll or mt.member_id in (" + MEMBERS_IN_SCOPE + ")) group by mt.tag_id)"
                                + " select " + BASE_COLUMNS + ", case when :seesAll then"
                                + " (select count(*) from live_member_tag mt where mt.tag_id = t.id)"
                                + " else coalesce(s.n, 0) end as member_count, coalesce(x.n, 0) as expiring_soon"
                                + " from page p join tag t on t.id = p.id join tag_group g on g.id = t.group_id"
                                + " left join scoped s on s.tag_id = t.id left join expiring x on x.tag_id = t.id"
                                + " order by " + filter.sort().orderBy(),
                        scope,
                        filter,
                        departmentPath)
                .param("size", filter.size())
                .param("offset", (long) filter.page() * filter.size())
                .query(TagQueries::row)
                .list();
    }

    long countTags(Scope scope, TagFilter filter, String departmentPath) {
        return filtered("select count(*) " + FILTERS, scope, filter, departmentPath)
                .query(Long.class)
                .single();
    }

    /**
     * The tags of the list's filters (optionally only {@code ids}) in the list's order, for the export,
     * streamed to {@code each} in one statement. Counts count members in scope, like the list.
     */
    void exportRows(
            Scope scope,
            TagFilter filter,
            String departmentPath,
            List<Long> ids,
            java.util.function.Consumer<TagViews.TagExportRow> each) {
        // The people who log in are few: their names are read once, not joined into every row.
        Map<Long, String> creators = users.usernames();
        filtered(
                        "with listed as (select t.id, g.sort_order, t.normalized_name " + FILTERS
                                + " and (:allIds or t.id = any(cast(:ids as bigint[])))),"
                                + " counted as (select mt.tag_id, count(*) as n from live_member_tag mt"
                                + " where mt.tag_id in (select id from listed)"
                                + " and (:seesAll or mt.member_id in (" + MEMBERS_IN_SCOPE + ")) group by mt.tag_id)"
                                + " select g.name as group_name, t.name, t.color, t.whole_company,"
                                + " (select string_agg(d.name, '、' order by d.path) from tag_visibility v"
                                + "  join " + DirectorySql.departments() + " d on d.id = v.department_id"
                                + "  where v.tag_id = t.id) as departments,"
                                + " (select string_agg(case when v.include_sub_departments then '是' else '否' end, '、'"
                                + "  order by d.path) from tag_visibility v join " + DirectorySql.departments()
                                + "  d on d.id = v.department_id where v.tag_id = t.id) as include_sub,"
                                + " coalesce(c.n, 0) as member_count, t.created_by, t.created_at, t.updated_at"
                                + " from listed l join tag t on t.id = l.id join tag_group g on g.id = t.group_id"
                                + " left join counted c on c.tag_id = t.id"
                                + " order by l.sort_order, l.normalized_name",
                        scope,
                        filter,
                        departmentPath)
                .param("allIds", ids.isEmpty())
                .param("ids", SqlArrays.ids(ids))
                .query(rs -> {
                    each.accept(new TagViews.TagExportRow(
                            rs.getString("group_name"),
                            rs.getString("name"),
                            rs.getString("color"),
                            rs.getBoolean("whole_company"),
                            rs.getString("departments"),
                            rs.getString("include_sub"),
                            rs.getLong("member_count"),
                            creators.get(rs.getObject("created_by", Long.class)),
                            instant(rs.getTimestamp("created_at")),
                            instant(rs.getTimestamp("updated_at"))));
                });
    }

    /** Every tag in scope (for the segment tree), with counts; at most a few thousand rows. */
    List<TagRow> allTags(Scope scope) {
        return filtered(
                        "select " + ROW_COLUMNS + " " + FILTERS + " order by t.normalized_name",
                        scope,
                        new TagFilter("", null, null, null, null, 0, 1),
                        null)
                .query(TagQueries::row)
                .list();
    }

    private JdbcClient.StatementSpec filtered(String sql, Scope scope, TagFilter filter, String departmentPath) {
        return jdbc.sql(sql)
                .params(TagVisibility.parameters(scope))
                .param("q", filter.query())
                .param("like", "%" + escapeLike(dev.tagdesk.tag.naming.NamingPolicy.key(filter.query())) + "%")
                .param("groupId", filter.groupId() == null ? -1L : filter.groupId())
                .param("family", filter.colorFamily())
                .param("departmentId", filter.departmentId() == null ? -1L : filter.departmentId())
                .param("departmentPath", departmentPath == null ? "" : departmentPath)
                .param("expiringDays", filter.expiringWithinDays() == null ? 0 : filter.expiringWithinDays());
    }

    java.util.Set<Long> visibleTagIds(Scope scope, java.util.Collection<Long> ids) {
        return new java.util.HashSet<>(jdbc.sql("select t.id from tag t where t.id = any(cast(:ids as bigint[])) and "
                        + TagVisibility.CONDITION)
                .param("ids", SqlArrays.ids(ids))
                .params(TagVisibility.parameters(scope))
                .query(Long.class)
                .list());
    }

    Optional<Long> visibleTagId(Scope scope, long id) {
        return jdbc.sql("select t.id from tag t where t.id = :id and " + TagVisibility.CONDITION)
                .param("id", id)
                .params(TagVisibility.parameters(scope))
                .query(Long.class)
                .optional();
    }

    boolean tagExists(long id) {
        return jdbc.sql("select count(*) from tag where id = ?")
                        .param(id)
                        .query(Long.class)
                        .single()
                > 0;
    }

    long memberCount(Scope scope, long tagId) {
        return jdbc.sql("select " + MEMBER_COUNT + " from tag t where t.id = :id")
                .param("id", tagId)
                .params(TagVisibility.parameters(scope))
                .query(Long.class)
                .single();
    }

    String colorFamily(long tagId) {
        return jdbc.sql("select color_family from tag where id = ?")
                .param(tagId)
                .query(String.class)
                .single();
    }

    String username(Long userId) {
        if (userId == null) {
            return null;
        }
        return users.usernames(List.of(userId)).get(userId);
    }

    List<VisibilityView> visibilityOf(long tagId) {
        return jdbc.sql("""
                        select v.department_id, d.name, v.include_sub_departments
                        from tag_visibility v join\s""" + DirectorySql.departments() + " d on d.id = v.department_id"
                        + " where v.tag_id = ? order by d.path")
                .param(tagId)
                .query((rs, i) -> new VisibilityView(rs.getLong(1), rs.getString(2), rs.getBoolean(3)))
                .list();
    }

    /** The visibility of many tags in one statement (for a page of the API's tag list). */
    Map<Long, List<Visibility>> visibilityOf(List<Long> tagIds) {
        Map<Long, List<Visibility>> byTag = new HashMap<>();
        if (tagIds.isEmpty()) {
            return byTag;
        }
        jdbc.sql(
                        "select tag_id, department_id, include_sub_departments from tag_visibility where tag_id in (:ids) order by tag_id, department_id")
                .param("ids", tagIds)
                .query(rs -> {
                    byTag.computeIfAbsent(rs.getLong(1), k -> new java.util.ArrayList<>())
                            .add(new Visibility(rs.getLong(2), rs.getBoolean(3)));
                });
        return byTag;
    }

    /** The groups, each with the number of its live tags visible in the scope (never one more). */
    List<GroupView> groups(Scope scope) {
        return jdbc.sql("""
                        select g.id, g.name, g.kind, g.sort_order, g.exclusive, g.name_pattern, g.may_use_reserved_colors, g.version,
                               (select count(*) from tag t where t.group_id = g.id and\s""" + TagVisibility.CONDITION + """
                        ) as tag_count
                        from tag_group g order by g.sort_order, g.name""")
                .params(TagVisibility.parameters(scope))
                .query((rs, i) -> new GroupView(
                        rs.getLong("id"),
                        rs.getString("name"),
                        GroupKind.valueOf(rs.getString("kind")),
                        rs.getInt("sort_order"),
                        rs.getBoolean("exclusive"),
                        NamePattern.valueOf(rs.getString("name_pattern")),
                        rs.getBoolean("may_use_reserved_colors"),
                        rs.getLong("tag_count"),
                        rs.getLong("version")))
                .list();
    }

    /** Department paths by id, for the departments the caller's visibility entries name. */
    Map<Long, String> departmentPaths(List<Long> ids) {
        return departments.pathsOf(ids);
    }

    Optional<String> departmentPath(long id) {
        return departments.pathOf(id);
    }

    /**
     * Departments to offer on a form: the top {@code levels} levels of the caller's scope, plus any
     * already chosen, so a page stays small in a tree of thousands (deeper ones are reached with
     * "include sub-departments" or the API).
     */
    List<TagViews.DepartmentOption> departmentOptions(Scope scope, int levels, List<Long> chosen, int limit) {
        return departments.options(scope, levels, chosen, limit).stream()
                .map(o -> new TagViews.DepartmentOption(o.id(), o.name(), o.depth()))
                .toList();
    }

    java.util.Set<String> departmentCodes() {
        return departments.codes();
    }

    /**
     * Departments and members a visibility reaches; never counted beyond the caller's scope, so a
     * company-wide tag reaches the scope's departments and members (all of them for company-wide roles).
     */
    TagViews.Reach reach(Scope scope, boolean wholeCompany, List<Visibility> visibility) {
        boolean withinScope = !scope.isWholeCompany();
        if (wholeCompany) {
            Departments.Reached all = departments.reachOfScope(scope);
            return new TagViews.Reach(true, withinScope, all.departments(), all.members(), List.of());
        }
        Departments.Reached reached = departments.reach(
                scope,
                visibility.stream()
                        .map(v -> new Departments.Entry(v.departmentId(), v.includeSubDepartments()))
                        .toList());
        List<TagViews.ReachEntry> entries = visibility.stream()
                .filter(v -> reached.own().containsKey(v.departmentId()))
                .map(v -> new TagViews.ReachEntry(
                        v.departmentId(),
                        reached.own().get(v.departmentId()),
                        v.includeSubDepartments(),
                        reached.added().getOrDefault(v.departmentId(), List.of())))
                .toList();
        return new TagViews.Reach(false, withinScope, reached.departments(), reached.members(), entries);
    }

    // --- members and their tags --------------------------------------------------------------------

    /** The member's id, if the member is inside the scope. */
    Optional<Long> memberIdInScope(Scope scope, String account) {
        return members.idInScope(scope, account);
    }

    /** Whether the tag is visible to at least one of the member's departments. */
    boolean availableTo(long tagId, long memberId) {
        return jdbc.sql("""
                        select exists (select 1 from tag t where t.id = :tag and t.deleted_at is null and\s""" + TagVisibility.availableToMember(":member") + ")")
                .param("tag", tagId)
                .param("member", memberId)
                .query(Boolean.class)
                .single();
    }

    List<Assignment> assignments(Scope scope, long memberId) {
        List<Assignment> assignments = jdbc.sql("""
                        select t.id, t.name, t.color, g.name as group_name, mt.source, mt.assigned_by, mt.assigned_at, mt.expires_at,
                               mt.rule_id
                        from live_member_tag mt join tag t on t.id = mt.tag_id join tag_group g on g.id = t.group_id
                        where mt.member_id = :memberId and\s""" + TagVisibility.CONDITION + """

                        order by g.sort_order, t.normalized_name""")
                .param("memberId", memberId)
                .params(TagVisibility.parameters(scope))
                .query((rs, i) -> new Assignment(
                        rs.getLong("id"),
                        rs.getString("name"),
                        rs.getString("color"),
                        rs.getString("group_name"),
                        rs.getString("source"),
                        rs.getString("assigned_by"),
                        instant(rs.getTimestamp("assigned_at")),
                        instant(rs.getTimestamp("expires_at")),
                        rs.getObject("rule_id", Long.class),
                        null))
                .list();
        return withRuleNames(assignments);
    }

    /** The names of the rules that made assignments, asked of the rules module (one statement, if any). */
    private List<Assignment> withRuleNames(List<Assignment> assignments) {
        java.util.Set<Long> ruleIds = new java.util.HashSet<>();
        assignments.stream()
                .map(Assignment::ruleId)
                .filter(java.util.Objects::nonNull)
                .forEach(ruleIds::add);
        TagRuleReferences rules = ruleReferences.getIfAvailable();
        if (ruleIds.isEmpty() || rules == null) {
            return assignments;
        }
        Map<Long, String> names = rules.names(ruleIds);
        return assignments.stream()
                .map(a -> a.ruleId() == null
                        ? a
                        : new Assignment(
                                a.tagId(),
                                a.name(),
                                a.color(),
                                a.groupName(),
                                a.source(),
                                a.assignedBy(),
                                a.assignedAt(),
                                a.expiresAt(),
                                a.ruleId(),
                                names.get(a.ruleId())))
                .toList();
    }

    /** Tags the caller may put on this member: visible to the caller and to one of the member's departments. */
    List<TagRow> assignableTo(Scope scope, long memberId) {
        return jdbc.sql("select " + ROW_COLUMNS + " from tag t join tag_group g on g.id = t.group_id where "
                        + TagVisibility.CONDITION + """
                         and not exists (select 1 from live_member_tag mt where mt.member_id = :memberId and mt.tag_id = t.id)
                         and\s""" + TagVisibility.availableToMember(":memberId") + """
                         order by g.sort_order, t.normalized_name""")
                .param("memberId", memberId)
                .params(TagVisibility.parameters(scope))
                .query(TagQueries::row)
                .list();
    }

    private static TagRow row(ResultSet rs, int i) throws SQLException {
        return new TagRow(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getLong("group_id"),
                rs.getString("group_name"),
                rs.getString("color"),
                rs.getString("color_family"),
                rs.getBoolean("whole_company"),
                rs.getString("visible_to"),
                rs.getLong("member_count"),
                rs.getLong("expiring_soon"),
                instant(rs.getTimestamp("updated_at")),
                rs.getString("description"),
                rs.getLong("version"));
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
