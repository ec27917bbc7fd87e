package dev.tagdesk.transfer;

import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.Departments;
import dev.tagdesk.directory.Members;
import dev.tagdesk.tag.MemberTagReads;
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
 * once per check with three queries (the departments' paths and the members from the directory, the
 * assignments from the tag module), so that checking a file costs no query per row and no join of its
 * rows in the database: about 200 bytes a member, 40 MB for 200,000.
 */
final class MemberDirectory {

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

    /** Where the directory is read from: the directory's members and departments, the tag module's assignments. */
    record Sources(Members members, Departments departments, MemberTagReads assignments) {}

    /** Every member in the importer's scope, read in the caller's transaction. */
    static MemberDirectory allInScope(Sources sources, Scope scope, ImportableTags tags) {
        return load(sources, scope, tags, null);
    }

    /**
     * The members in the importer's scope that the staged rows of a job name: for a file of a few
     * rows, a few index lookups instead of the whole organisation.
     */
    static MemberDirectory namedBy(long job, Connection connection, Sources sources, Scope scope, ImportableTags tags)
            throws SQLException {
        return load(sources, scope, tags, accountsOf(connection, job));
    }

    private static MemberDirectory load(Sources sources, Scope scope, ImportableTags tags, String[] accounts) {
        MemberColumns members =
                members(sources, scope, accounts, sources.departments().allPaths());
        long[][] liveTags = liveTags(sources, tags, accounts != null, members.ids);
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

    /** The members in scope (those the job's rows name, unless null), by id ascending, as columns. */
    private static final class MemberColumns {
        long[] ids = new long[1024];
        String[][] departments = new String[1024][];
        final List<String> accounts = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        int last = -1;
    }

    /**
     * The members in scope with all their departments, by id: the directory gives ids ascending, a
     * row per department, so that the assignments find their member by binary search.
     */
    private static MemberColumns members(Sources sources, Scope scope, String[] accounts, Map<Long, String> paths) {
        MemberColumns members = new MemberColumns();
        sources.members().inScope(scope, accounts, (id, account, name, departmentId) -> {
            if (members.last < 0 || members.ids[members.last] != id) {
                members.last++;
                if (members.last == members.ids.length) {
                    members.ids = Arrays.copyOf(members.ids, members.ids.length * 2);
                    members.departments = Arrays.copyOf(members.departments, members.ids.length);
                }
                members.ids[members.last] = id;
                members.accounts.add(account);
                members.names.add(name);
            }
            members.departments[members.last] = appended(members.departments[members.last], paths.get(departmentId));
        });
        members.ids = Arrays.copyOf(members.ids, members.accounts.size());
        return members;
    }

    /**
     * The live assignments of the members, by their position in {@code ids} (null where none): only
     * of the tags the importer can see, the others being neither listed in the file nor theirs to take off.
     */
    private static long[][] liveTags(Sources sources, ImportableTags tags, boolean onlyThese, long[] ids) {
        long[][] liveTags = new long[ids.length][];
        sources.assignments()
                .livePairs(
                        tags.ids(),
                        onlyThese ? Arrays.stream(ids).boxed().toArray(Long[]::new) : null,
                        (memberId, tagId) -> {
                            int member = Arrays.binarySearch(ids, memberId);
                            if (member >= 0) {
                                liveTags[member] = appended(liveTags[member], tagId);
                            }
                        });
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
