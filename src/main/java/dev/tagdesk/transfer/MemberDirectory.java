package dev.tagdesk.transfer;

import dev.tagdesk.access.Scope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The members an importer may tag (those with a department in the importer's scope), by account,
 * each with all their departments and the live assignments of the tags the importer can see. Read
 * once per check with three queries, so that checking a file costs no query per row and no
 * join of its rows in the database: about 200 bytes a member, 40 MB for 200,000.
 */
final class MemberDirectory {

    private static final int FETCH = 10_000;

    private final Map<String, ImportCheck.Member> byAccount;

    private MemberDirectory(Map<String, ImportCheck.Member> byAccount) {
        this.byAccount = byAccount;
    }

    /**
     * The member an account names, or null: unknown, outside the importer's scope, or empty (the
     * same answer, never a hint which).
     */
    ImportCheck.Member member(String account) {
        return byAccount.get(account);
    }

    int size() {
        return byAccount.size();
    }

    /** Every member in the importer's scope, read in the given connection (the caller's transaction). */
    static MemberDirectory allInScope(Connection connection, Scope scope, ImportableTags tags) throws SQLException {
        return load(connection, scope, tags, null);
    }

    /**
     * The members in the importer's scope that the staged rows of a job name: for a file of a few
     * rows, a few index lookups instead of the whole organisation.
     */
    static MemberDirectory namedBy(long job, Connection connection, Scope scope, ImportableTags tags)
            throws SQLException {
        return load(connection, scope, tags, job);
    }

    private static MemberDirectory load(Connection connection, Scope scope, ImportableTags tags, Long job)
            throws SQLException {
        Members members = members(connection, scope, job, departmentPaths(connection));
        long[][] liveTags = liveTags(connection, tags, job, members.ids);
        Map<String, ImportCheck.Member> byAccount = new HashMap<>(members.ids.length * 4 / 3 + 1);
        long[] noTags = new long[0];
        for (int i = 0; i < members.ids.length; i++) {
            byAccount.put(
                    members.accounts.get(i),
                    new ImportCheck.Member(
                            members.ids[i],
                            members.names.get(i),
                            members.departments[i],
                            liveTags[i] == null ? noTags : liveTags[i]));
        }
        return new MemberDirectory(byAccount);
    }

    private static Map<Long, String> departmentPaths(Connection connection) throws SQLException {
        Map<Long, String> paths = new HashMap<>();
        try (PreparedStatement departments = connection.prepareStatement("select id, path from department")) {
            try (ResultSet rs = departments.executeQuery()) {
                while (rs.next()) {
                    paths.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        return paths;
    }

    /** The members in scope (those the job's rows name, unless null), by id ascending, as columns. */
    private static final class Members {
        long[] ids = new long[1024];
        String[][] departments = new String[1024][];
        final List<String> accounts = new ArrayList<>();
        final List<String> names = new ArrayList<>();
    }

    /**
     * The members in scope with all their departments, by id: ids ascending, a row per department,
     * so that the assignments find their member by binary search. A member without a department is
     * in no one's scope.
     */
    private static Members members(Connection connection, Scope scope, Long job, Map<Long, String> paths)
            throws SQLException {
        Members members = new Members();
        try (PreparedStatement query =
                connection.prepareStatement("""
                select m.id, m.account, m.name, md.department_id
                from member m join member_department md on md.member_id = m.id
                where (? or m.id in (select md.member_id from member_department md join department d on d.id = md.department_id
                                     where d.path like ?))
                """ + (job == null ? "" : "and m.account = any(?)") + """

                order by m.id""")) {
            query.setFetchSize(FETCH);
            query.setBoolean(1, scope.isWholeCompany());
            query.setString(2, scope.pathPattern());
            if (job != null) {
                query.setArray(3, connection.createArrayOf("text", accountsOf(connection, job)));
            }
            try (ResultSet rs = query.executeQuery()) {
                int last = -1;
                while (rs.next()) {
                    long id = rs.getLong(1);
                    if (last < 0 || members.ids[last] != id) {
                        last++;
                        if (last == members.ids.length) {
                            members.ids = Arrays.copyOf(members.ids, members.ids.length * 2);
                            members.departments = Arrays.copyOf(members.departments, members.ids.length);
                        }
                        members.ids[last] = id;
                        members.accounts.add(rs.getString(2));
                        members.names.add(rs.getString(3));
                    }
                    members.departments[last] = appended(members.departments[last], paths.get(rs.getLong(4)));
                }
            }
        }
        members.ids = Arrays.copyOf(members.ids, members.accounts.size());
        return members;
    }

    /**
     * The live assignments of the members, by their position in {@code ids} (null where none): only
     * of the tags the importer can see, the others being neither listed in the file nor theirs to take off.
     */
    private static long[][] liveTags(Connection connection, ImportableTags tags, Long job, long[] ids)
            throws SQLException {
        long[][] liveTags = new long[ids.length][];
        try (PreparedStatement pairs =
                connection.prepareStatement("select member_id, tag_id from live_member_tag where tag_id = any(?)"
                        + (job == null ? "" : " and member_id = any(?)"))) {
            pairs.setFetchSize(FETCH);
            pairs.setArray(1, connection.createArrayOf("bigint", tags.ids()));
            if (job != null) {
                pairs.setArray(
                        2,
                        connection.createArrayOf(
                                "bigint", Arrays.stream(ids).boxed().toArray(Long[]::new)));
            }
            try (ResultSet rs = pairs.executeQuery()) {
                while (rs.next()) {
                    int member = Arrays.binarySearch(ids, rs.getLong(1));
                    if (member >= 0) {
                        liveTags[member] = appended(liveTags[member], rs.getLong(2));
                    }
                }
            }
        }
        return liveTags;
    }

    /**
     * The accounts a job's staged rows name, as an array for {@code = any(?)}: index lookups whatever
     * the planner knows of the staging table (a subquery over it, planned without statistics, could
     * scan it once per member).
     */
    private static String[] accountsOf(Connection connection, long job) throws SQLException {
        List<String> accounts = new ArrayList<>();
        try (PreparedStatement staged =
                connection.prepareStatement("select distinct account from import_row where job_id = ?")) {
            staged.setLong(1, job);
            try (ResultSet rs = staged.executeQuery()) {
                while (rs.next()) {
                    accounts.add(rs.getString(1));
                }
            }
        }
        return accounts.toArray(new String[0]);
    }

    private static String[] appended(String[] values, String value) {
        if (values == null) {
            return new String[] {value};
        }
        String[] longer = Arrays.copyOf(values, values.length + 1);
        longer[values.length] = value;
        return longer;
    }

    private static long[] appended(long[] values, long value) {
        if (values == null) {
            return new long[] {value};
        }
        long[] longer = Arrays.copyOf(values, values.length + 1);
        longer[values.length] = value;
        return longer;
    }
}
