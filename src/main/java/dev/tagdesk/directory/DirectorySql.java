package dev.tagdesk.directory;

/**
 * The directory's tables as other modules' statements read them, where a question must be answered
 * inside one set-based statement (a page of tags counting the members in scope, a rule matching its
 * members, a tag's visibility tested against a member's departments). Each method returns SQL over the
 * directory's tables only, built from the caller's SQL expressions (columns, bound parameters); the
 * caller binds its own parameters. Nothing here writes: only the directory writes its tables.
 *
 * <p>These are the only places outside this package that name the directory's tables, so a change to
 * them is a change here, and the module check sees every module that uses them. The derived tables
 * are flattened by PostgreSQL's planner (a plain {@code select} of columns from one table), so a
 * statement that joins them is planned as if it named the table.
 */
public final class DirectorySql {

    private DirectorySql() {}

    /**
     * The departments as a derived table to join (give it an alias): {@code id, parent_id, name, code,
     * path, depth}. {@code path} is the materialised path ({@code /1/4/9/}, ids from the root), so a
     * subtree is a prefix: {@code d.path like p.path || '%'}.
     */
    public static String departments() {
        return "(select id, parent_id, name, code, path, depth from department)";
    }

    /** The members as a derived table to join: {@code id, account, name, status, last_active_at}. */
    public static String members() {
        return "(select id, account, name, status, last_active_at from member)";
    }

    /** A subquery of the ids of the departments whose path matches {@code pathPattern} (a LIKE pattern). */
    public static String departmentsIn(String pathPattern) {
        return "select scoped_d.id from department scoped_d where scoped_d.path like " + pathPattern;
    }

    /**
     * A subquery of the ids of the members with a department whose path matches {@code pathPattern} (a
     * LIKE pattern such as {@code /1/2/%}: the members of a subtree). Uncorrelated: PostgreSQL builds it
     * once per statement.
     */
    public static String membersIn(String pathPattern) {
        return "select scoped_md.member_id from member_department scoped_md"
                + " join department scoped_d on scoped_d.id = scoped_md.department_id"
                + " where scoped_d.path like " + pathPattern;
    }

    /** A condition: member {@code member} belongs to a department whose path matches {@code pathPattern}. */
    public static String memberInSubtree(String member, String pathPattern) {
        return "exists (select 1 from member_department sub_md join department sub_d on sub_d.id = sub_md.department_id"
                + " where sub_md.member_id = " + member + " and sub_d.path like " + pathPattern + ")";
    }

    /**
     * A condition: member {@code member} belongs to one of the departments {@code departmentIds}, or to
     * a department below one of {@code subtreeIds} (both SQL expressions of type {@code bigint[]}).
     */
    public static String memberInAny(String member, String departmentIds, String subtreeIds) {
        return """
                exists (select 1 from member_department any_md join department any_d on any_d.id = any_md.department_id
                        where any_md.member_id = %s
                          and (any_d.id = any(%s) or exists (
                                select 1 from department any_s where any_s.id = any(%s)
                                  and any_d.path like any_s.path || '%%')))""".formatted(member, departmentIds, subtreeIds);
    }

    /**
     * A condition: member {@code member} belongs to department {@code department}, or, where
     * {@code withSubDepartments} is true, to a department below it (all three SQL expressions).
     */
    public static String memberIn(String member, String department, String withSubDepartments) {
        return """
                exists (select 1 from department in_d join member_department in_md on in_md.member_id = %s
                        join department in_md_d on in_md_d.id = in_md.department_id
                        where in_d.id = %s
                          and (in_md_d.id = in_d.id or (%s and in_md_d.path like in_d.path || '%%')))""".formatted(member, department, withSubDepartments);
    }
}
