package dev.tagdesk.directory;

import dev.tagdesk.access.DepartmentDirectory;
import dev.tagdesk.access.Scope;
import dev.tagdesk.shared.SqlArrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What other modules ask about departments, each answer in one statement however many departments it
 * covers. Paths are the departments' materialised paths ({@code /1/4/9/}): a subtree is a path prefix.
 */
@Service
public class Departments implements DepartmentDirectory {

    /** A department chosen with or without its sub-departments (a tag's visibility entry, a rule's department). */
    public record Entry(long departmentId, boolean withSubDepartments) {}

    /** A department offered on a form, with its depth in the tree (0: the top). */
    public record Option(long id, String name, int depth) {}

    /**
     * What entries reach within a scope: how many departments and distinct members, and for each entry
     * its own department's name and the names of the sub-departments its switch adds (tree order). An
     * entry whose department lies outside the scope has no name.
     */
    public record Reached(long departments, long members, Map<Long, String> own, Map<Long, List<String>> added) {}

    private final JdbcClient jdbc;

    Departments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> pathOf(long departmentId) {
        return jdbc.sql("select path from department where id = ?")
                .param(departmentId)
                .query(String.class)
                .optional();
    }

    @Override
    public Map<Long, String> namesOf(Collection<Long> departmentIds) {
        Map<Long, String> names = new HashMap<>();
        if (departmentIds.isEmpty()) {
            return names;
        }
        jdbc.sql("select id, name from department where id in (:ids)")
                .param("ids", List.copyOf(new HashSet<>(departmentIds)))
                .query(rs -> {
                    names.put(rs.getLong(1), rs.getString(2));
                });
        return names;
    }

    @Override
    public List<Choice> matching(String pathPattern) {
        return jdbc.sql("select id, name, depth from department where path like :pattern order by path")
                .param("pattern", pathPattern)
                .query((rs, i) -> new Choice(rs.getLong("id"), rs.getString("name"), rs.getInt("depth")))
                .list();
    }

    /** The paths of these departments, by id (an id of no department is absent). */
    public Map<Long, String> pathsOf(Collection<Long> ids) {
        Map<Long, String> paths = new HashMap<>();
        if (ids.isEmpty()) {
            return paths;
        }
        jdbc.sql("select id, path from department where id in (:ids)")
                .param("ids", List.copyOf(new HashSet<>(ids)))
                .query(rs -> {
                    paths.put(rs.getLong(1), rs.getString(2));
                });
        return paths;
    }

    /** Every department's path, by id (a few hundred kilobytes for ten thousand departments). */
    public Map<Long, String> allPaths() {
        Map<Long, String> paths = new HashMap<>();
        jdbc.sql("select id, path from department").query(rs -> {
            paths.put(rs.getLong(1), rs.getString(2));
        });
        return paths;
    }

    /** How many of these ids are departments. */
    public long countExisting(Collection<Long> ids) {
        return jdbc.sql("select count(*) from department where id = any(cast(:ids as bigint[]))")
                .param("ids", SqlArrays.ids(ids))
                .query(Long.class)
                .single();
    }

    /** Every department's code (a naming pattern asks for one as a tag name's first segment). */
    public Set<String> codes() {
        return new HashSet<>(
                jdbc.sql("select code from department").query(String.class).list());
    }

    /**
     * Departments to offer on a form: the top {@code levels} levels of the caller's scope, plus any
     * already chosen, in tree order, at most {@code limit}.
     */
    public List<Option> options(Scope scope, int levels, List<Long> chosen, int limit) {
        int rootDepth = scope.isWholeCompany()
                ? 0
                : (int) scope.subtreePath().chars().filter(c -> c == '/').count() - 2;
        return jdbc.sql("""
                        select id, name, depth from department
                        where path like :scope and (depth < :maxDepth or id in (:chosen)) order by path limit :limit""")
                .param("limit", limit)
                .param("scope", scope.pathPattern())
                .param("maxDepth", rootDepth + levels)
                .param("chosen", chosen.isEmpty() ? List.of(-1L) : chosen)
                .query((rs, i) -> new Option(rs.getLong(1), rs.getString(2), rs.getInt(3)))
                .list();
    }

    /**
     * Whether two choices of departments can hold one member: they overlap in the tree, or a member
     * belongs to departments of both today. One statement.
     */
    public boolean mayShareMembers(List<Entry> a, List<Entry> b) {
        return jdbc.sql("""
                        with ra as (select d.id, d.path, x.sub from unnest(cast(:aIds as bigint[]), cast(:aSubs as boolean[])) as x(id, sub)
                                    join department d on d.id = x.id),
                             rb as (select d.id, d.path, x.sub from unnest(cast(:bIds as bigint[]), cast(:bSubs as boolean[])) as x(id, sub)
                                    join department d on d.id = x.id)
                        select exists (select 1 from ra, rb where ra.id = rb.id
                                         or (ra.sub and rb.path like ra.path || '%') or (rb.sub and ra.path like rb.path || '%'))
                            or exists (
                                select 1 from member_department ma join department da on da.id = ma.department_id
                                join member_department mb on mb.member_id = ma.member_id
                                join department db on db.id = mb.department_id
                                where exists (select 1 from ra where ra.id = da.id or (ra.sub and da.path like ra.path || '%'))
                                  and exists (select 1 from rb where rb.id = db.id or (rb.sub and db.path like rb.path || '%')))""")
                .param("aIds", SqlArrays.ids(a.stream().map(Entry::departmentId).toList()))
                .param(
                        "aSubs",
                        SqlArrays.booleans(
                                a.stream().map(Entry::withSubDepartments).toList()))
                .param("bIds", SqlArrays.ids(b.stream().map(Entry::departmentId).toList()))
                .param(
                        "bSubs",
                        SqlArrays.booleans(
                                b.stream().map(Entry::withSubDepartments).toList()))
                .query(Boolean.class)
                .single();
    }

    /** The departments and distinct members of the whole scope (what a company-wide choice reaches). */
    public Reached reachOfScope(Scope scope) {
        return jdbc.sql("""
                        select (select count(*) from department where path like :scope) as departments,
                               (select count(distinct md.member_id) from member_department md
                                join department d on d.id = md.department_id where d.path like :scope) as members""")
                .param("scope", scope.pathPattern())
                .query((rs, i) -> new Reached(rs.getLong(1), rs.getLong(2), Map.of(), Map.of()))
                .single();
    }

    /** What these entries reach within the scope, in two statements however many entries. */
    public Reached reach(Scope scope, List<Entry> entries) {
        String ids = SqlArrays.ids(entries.stream().map(Entry::departmentId).toList());
        String subs = SqlArrays.booleans(
                entries.stream().map(Entry::withSubDepartments).toList());
        long[] counts = jdbc.sql("""
                        with entries as (
                            select * from unnest(cast(:ids as bigint[]), cast(:subs as boolean[])) as e(department_id, include_sub)),
                        reached as (
                            select distinct d.id from entries e
                            join department vd on vd.id = e.department_id
                            join department d on d.id = vd.id or (e.include_sub and d.path like vd.path || '%')
                            where d.path like :scope)
                        select (select count(*) from reached),
                               (select count(distinct md.member_id) from member_department md where md.department_id in (select id from reached))""")
                .param("ids", ids)
                .param("subs", subs)
                .param("scope", scope.pathPattern())
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .single();
        // Each entry's own department and the sub-departments its switch adds, in one statement.
        Map<Long, String> own = new LinkedHashMap<>();
        Map<Long, List<String>> added = new HashMap<>();
        jdbc.sql("""
                        select e.department_id, d.name, d.id = vd.id as itself
                        from unnest(cast(:ids as bigint[]), cast(:subs as boolean[])) as e(department_id, include_sub)
                        join department vd on vd.id = e.department_id
                        join department d on d.id = vd.id or (e.include_sub and d.path like vd.path || '%')
                        where d.path like :scope
                        order by vd.path, d.path""")
                .param("ids", ids)
                .param("subs", subs)
                .param("scope", scope.pathPattern())
                .query(rs -> {
                    long entry = rs.getLong(1);
                    if (rs.getBoolean(3)) {
                        own.put(entry, rs.getString(2));
                    } else {
                        added.computeIfAbsent(entry, k -> new java.util.ArrayList<>())
                                .add(rs.getString(2));
                    }
                });
        return new Reached(counts[0], counts[1], own, added);
    }
}
