package dev.tagdesk.directory;

import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.DirectoryViews.DepartmentRef;
import dev.tagdesk.directory.DirectoryViews.DepartmentView;
import dev.tagdesk.directory.DirectoryViews.MemberRow;
import dev.tagdesk.directory.DirectoryViews.MemberSearch;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The directory's read side, written out in SQL. Every query takes the caller's scope as a path
 * pattern, so nothing outside it is ever read, counted or named.
 */
@Repository
class DirectoryQueries {

    private final JdbcClient jdbc;

    DirectoryQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String DEPARTMENTS = """
            select d.id, d.name, d.code, d.parent_id, d.path, d.depth, d.version,
                   (select count(*) from member_department md where md.department_id = d.id) as member_count
            from department d
            where d.path like :scope""";

    private static final RowMapper<DepartmentView> DEPARTMENT_VIEW = (rs, i) -> new DepartmentView(
            rs.getLong("id"),
            rs.getString("name"),
            rs.getString("code"),
            (Long) rs.getObject("parent_id"),
            rs.getString("path"),
            rs.getInt("depth"),
            rs.getLong("member_count"),
            rs.getLong("version"));

    List<DepartmentView> departments(Scope scope) {
        return jdbc.sql(DEPARTMENTS + " order by d.path")
                .param("scope", scope.pathPattern())
                .query(DEPARTMENT_VIEW)
                .list();
    }

    Optional<DepartmentView> department(Scope scope, long id) {
        return jdbc.sql(DEPARTMENTS + " and d.id = :id")
                .param("scope", scope.pathPattern())
                .param("id", id)
                .query(DEPARTMENT_VIEW)
                .optional();
    }

    /** One page of members: one statement for the rows, one for the total, whatever the page size. */
    List<MemberRow> members(Scope scope, String pathPattern, MemberSearch search) {
        return jdbc.sql("""
                        select m.id, m.account, m.name, m.status, m.last_active_at,
                               (select string_agg(d.name, '、' order by d.path)
                                  from member_department md join department d on d.id = md.department_id
                                 where md.member_id = m.id and d.path like :scope) as departments
                        from member m
                        where exists (select 1 from member_department md join department d on d.id = md.department_id
                                      where md.member_id = m.id and d.path like :filter)
                          and (:q = '' or m.name ilike :like or m.account ilike :like)
                        order by m.account
                        limit :size offset :offset""")
                .param("scope", scope.pathPattern())
                .param("filter", pathPattern)
                .param("q", search.query())
                .param("like", like(search.query()))
                .param("size", search.size())
                .param("offset", (long) search.page() * search.size())
                .query((rs, i) -> new MemberRow(
                        rs.getLong("id"),
                        rs.getString("account"),
                        rs.getString("name"),
                        MemberStatus.valueOf(rs.getString("status")),
                        instant(rs.getTimestamp("last_active_at")),
                        rs.getString("departments")))
                .list();
    }

    long countMembers(String pathPattern, MemberSearch search) {
        return jdbc.sql("""
                        select count(*) from member m
                        where exists (select 1 from member_department md join department d on d.id = md.department_id
                                      where md.member_id = m.id and d.path like :filter)
                          and (:q = '' or m.name ilike :like or m.account ilike :like)""")
                .param("filter", pathPattern)
                .param("q", search.query())
                .param("like", like(search.query()))
                .query(Long.class)
                .single();
    }

    /** The member's id if the member exists and belongs to at least one department in scope. */
    Optional<Long> memberIdInScope(Scope scope, String account) {
        return jdbc.sql("""
                        select m.id from member m
                        where m.account = ?
                          and exists (select 1 from member_department md join department d on d.id = md.department_id
                                      where md.member_id = m.id and d.path like ?)""")
                .params(account, scope.pathPattern())
                .query(Long.class)
                .optional();
    }

    List<DepartmentRef> departmentsOfMember(Scope scope, long memberId) {
        return jdbc.sql("""
                        select d.id, d.name, d.code from member_department md join department d on d.id = md.department_id
                        where md.member_id = ? and d.path like ? order by d.path""")
                .params(memberId, scope.pathPattern())
                .query((rs, i) -> new DepartmentRef(rs.getLong("id"), rs.getString("name"), rs.getString("code")))
                .list();
    }

    long countDepartments(Scope scope) {
        return jdbc.sql("select count(*) from department where path like ?")
                .param(scope.pathPattern())
                .query(Long.class)
                .single();
    }

    long countMembers(Scope scope) {
        return countMembers(scope.pathPattern(), new MemberSearch("", null, 0, 1));
    }

    long countChildren(long departmentId) {
        return jdbc.sql("select count(*) from department where parent_id = ?")
                .param(departmentId)
                .query(Long.class)
                .single();
    }

    long countMembersDirectlyIn(long departmentId) {
        return jdbc.sql("select count(*) from member_department where department_id = ?")
                .param(departmentId)
                .query(Long.class)
                .single();
    }

    /** Moves a whole subtree in one statement: every path under the old prefix gets the new prefix. */
    void moveSubtree(String oldPath, String newPath, int depthDelta) {
        jdbc.sql("""
                        update department
                           set path = :newPath || substr(path, length(:oldPath) + 1),
                               depth = depth + :delta,
                               updated_at = now()
                         where path like :oldPath || '%'""")
                .param("newPath", newPath)
                .param("oldPath", oldPath)
                .param("delta", depthDelta)
                .update();
    }

    private static String like(String query) {
        return "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
