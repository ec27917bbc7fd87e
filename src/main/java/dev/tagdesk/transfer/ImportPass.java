package dev.tagdesk.transfer;

import dev.tagdesk.access.Scope;
import dev.tagdesk.tag.Assignments;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One pass over a job's staged rows: they come back from one query grouped by account, each with
 * the member the account names (and that member's departments and live tags), so the checks run
 * in the application without a query per row. Problems go to {@code import_problem} in batches;
 * when applying, the assignments go to {@code member_tag} in batches too, in the caller's
 * transaction. Memory holds one account's rows and one batch, whatever the size of the file.
 */
final class ImportPass implements ImportCheck.Outcome {

    /**
     * The staged rows with their members: each with the member its account names, that member's
     * departments (paths, space-separated) and live tags (ids, comma-separated), joined once for all
     * the rows (by hash), not looked up row by row. {@code %s} chooses the rows: those of accounts
     * listed once, which stream out in no particular order, or those of accounts listed more than
     * once (seldom many), grouped by account.
     */
    private static final String STAGED_ROWS = """
            with repeated as (
                select account from import_row where job_id = ? group by account having count(*) > 1),
            staged as materialized (
                select r.line, r.name, r.account, r.tags, m.id as member_id, m.name as member_name
                from import_row r left join member m on m.account = r.account
                where r.job_id = ? and r.account %s (select account from repeated)),
            departments as (
                select md.member_id, string_agg(d.path, ' ') as paths
                from member_department md join department d on d.id = md.department_id
                where md.member_id in (select member_id from staged)
                group by md.member_id),
            carried as (
                select mt.member_id, string_agg(mt.tag_id::text, ',') as tag_ids
                from live_member_tag mt
                where mt.member_id in (select member_id from staged)
                group by mt.member_id)
            select s.line, s.name, s.account, s.tags, s.member_id, s.member_name, d.paths, c.tag_ids
            from staged s
            left join departments d on d.member_id = s.member_id
            left join carried c on c.member_id = s.member_id
            %s""";

    private static final String ACCOUNTS_LISTED_ONCE = STAGED_ROWS.formatted("not in", "");

    private static final String ACCOUNTS_LISTED_AGAIN =
            STAGED_ROWS.formatted("in", "order by s.account collate \"C\", s.line");

    private static final String INSERT_PROBLEMS = """
            insert into import_problem (job_id, line, col, code, value)
            select ?, p.line, p.col, p.code, left(p.value, 400)
            from unnest(cast(? as bigint[]), cast(? as int[]), cast(? as text[]), cast(? as text[])) as p(line, col, code, value)""";

    /** Adds assignments; re-listing a tag refreshes its expiry. Counts only the new ones. */
    private static final String INSERT_ASSIGNMENTS =
            """
            with applied as (
                insert into member_tag (member_id, tag_id, source, assigned_by, assigned_at, expires_at)
                select p.member_id, p.tag_id, 'IMPORT', ?, now(),\s""" + Assignments.SHELF_LIFE_EXPIRY + """

                from unnest(cast(? as bigint[]), cast(? as bigint[])) as p(member_id, tag_id) join tag t on t.id = p.tag_id
                order by p.member_id, p.tag_id""" + Assignments.ON_REASSIGN + """

                returning assigned_at = now() as added)
            select count(*) filter (where added) from applied""";

    private static final String DELETE_ASSIGNMENTS = """
            delete from member_tag mt using unnest(cast(? as bigint[]), cast(? as bigint[])) as r(member_id, tag_id)
            where mt.member_id = r.member_id and mt.tag_id = r.tag_id""";

    private static final int FETCH = 10_000;
    private static final int PROBLEM_BATCH = 5_000;

    private final Connection connection;
    private final long job;
    private final Scope scope;
    private final ImportCheck check;
    /** Who applies, or null when only checking. */
    private final String applyingUser;

    private final ImportProgress.Tracker progress;
    private final int changeBatch;

    long members;
    long toAdd;
    long unchanged;
    long toRemove;
    int errors;
    int warnings;
    long added;
    long removed;
    private long checked;

    private final Problems problems = new Problems();
    private final Pairs additions = new Pairs();
    private final Pairs removals = new Pairs();

    ImportPass(
            Connection connection,
            long job,
            Scope scope,
            ImportCheck check,
            String applyingUser,
            ImportProgress.Tracker progress,
            int changeBatch) {
        this.connection = connection;
        this.job = job;
        this.scope = scope;
        this.check = check;
        this.applyingUser = applyingUser;
        this.progress = progress;
        this.changeBatch = changeBatch;
    }

    /** Checks every staged row; when applying, also makes the changes of an error-free file. */
    void run() throws SQLException {
        try (PreparedStatement memory = connection.prepareStatement("set local work_mem = '64MB'")) {
            memory.execute(); // the hash joins of a million-assignment file stay in memory
        }
        checkRows(ACCOUNTS_LISTED_ONCE);
        checkRows(ACCOUNTS_LISTED_AGAIN);
        flushProblems();
        flushChanges();
    }

    /** Checks the rows a query gives, account by account (the rows of one account come together). */
    private void checkRows(String query) throws SQLException {
        try (PreparedStatement rows = connection.prepareStatement(query)) {
            rows.setFetchSize(FETCH);
            rows.setLong(1, job);
            rows.setLong(2, job);
            try (ResultSet rs = rows.executeQuery()) {
                List<ImportCheck.Row> account = new ArrayList<>();
                ImportCheck.Member member = null;
                while (rs.next()) {
                    ImportCheck.Row row = new ImportCheck.Row(
                            rs.getLong("line"), rs.getString("name"), rs.getString("account"), strings(rs, "tags"));
                    if (!account.isEmpty() && !account.get(0).account().equals(row.account())) {
                        checkAccount(account, member);
                        account.clear();
                    }
                    if (account.isEmpty()) {
                        member = memberInScope(rs);
                    }
                    account.add(row);
                }
                if (!account.isEmpty()) {
                    checkAccount(account, member);
                }
            }
        }
    }

    private void checkAccount(List<ImportCheck.Row> rows, ImportCheck.Member member) {
        if (member != null) {
            members++;
        }
        check.check(rows, member, this);
        checked += rows.size();
        progress.checked(checked);
    }

    /** The member on this row, if they belong to a department in the importer's scope. */
    private ImportCheck.Member memberInScope(ResultSet rs) throws SQLException {
        long id = rs.getLong("member_id");
        if (rs.wasNull()) {
            return null;
        }
        String paths = rs.getString("paths");
        String[] departments = paths == null ? new String[0] : paths.split(" ");
        if (Arrays.stream(departments).noneMatch(scope::covers)) {
            return null;
        }
        String tagIds = rs.getString("tag_ids");
        long[] carried = tagIds == null
                ? new long[0]
                : Arrays.stream(tagIds.split(",")).mapToLong(Long::parseLong).toArray();
        return new ImportCheck.Member(id, rs.getString("member_name"), departments, carried);
    }

    // --- the outcome of the checks ----------------------------------------------------------------

    @Override
    public void problem(long line, int column, String code, String value) {
        if (MemberTagImports.isWarning(code)) {
            warnings++;
        } else {
            errors++;
        }
        if (applyingUser != null) {
            return; // an apply that finds errors is rolled back and checked again to record them
        }
        problems.add(line, column, code, value);
        if (problems.size() >= PROBLEM_BATCH) {
            flushProblems();
        }
    }

    @Override
    public void listed(long member, long tag, boolean present) {
        if (present) {
            unchanged++;
        } else {
            toAdd++;
        }
        if (applyingUser != null && errors == 0) {
            additions.add(member, tag);
            if (additions.size() >= changeBatch) {
                flushChanges();
            }
        }
    }

    @Override
    public void removed(long member, long tag) {
        toRemove++;
        if (applyingUser != null && errors == 0) {
            removals.add(member, tag);
        }
    }

    private void flushProblems() {
        if (problems.size() == 0) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_PROBLEMS)) {
            insert.setLong(1, job);
            insert.setArray(2, connection.createArrayOf("bigint", problems.lines.toArray()));
            insert.setArray(3, connection.createArrayOf("integer", problems.columns.toArray()));
            insert.setArray(4, connection.createArrayOf("text", problems.codes.toArray()));
            insert.setArray(5, connection.createArrayOf("text", problems.values.toArray()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the import's problems", e);
        }
        problems.clear();
    }

    /** Writes the changes gathered so far, unless an error was found: then the apply is refused. */
    private void flushChanges() {
        if (errors > 0) {
            additions.clear();
            removals.clear();
            return;
        }
        try {
            if (removals.size() > 0) {
                try (PreparedStatement delete = connection.prepareStatement(DELETE_ASSIGNMENTS)) {
                    delete.setArray(1, longs(removals.members));
                    delete.setArray(2, longs(removals.tags));
                    removed += delete.executeUpdate();
                }
                removals.clear();
            }
            if (additions.size() > 0) {
                try (PreparedStatement insert = connection.prepareStatement(INSERT_ASSIGNMENTS)) {
                    insert.setString(1, applyingUser);
                    insert.setArray(2, longs(additions.members));
                    insert.setArray(3, longs(additions.tags));
                    try (ResultSet count = insert.executeQuery()) {
                        count.next();
                        added += count.getLong(1);
                    }
                }
                additions.clear();
            }
            progress.applied(added + removed);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not apply the import", e);
        }
    }

    private Array longs(List<Long> values) throws SQLException {
        return connection.createArrayOf("bigint", values.toArray());
    }

    private static String[] strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? new String[0] : (String[]) array.getArray();
    }

    /** Problems gathered for one statement, as columns (JDBC arrays take objects). */
    private static final class Problems {
        private final List<Long> lines = new ArrayList<>();
        private final List<Integer> columns = new ArrayList<>();
        private final List<String> codes = new ArrayList<>();
        private final List<String> values = new ArrayList<>();

        void add(long line, int column, String code, String value) {
            lines.add(line);
            columns.add(column);
            codes.add(code);
            values.add(value);
        }

        int size() {
            return lines.size();
        }

        void clear() {
            lines.clear();
            columns.clear();
            codes.clear();
            values.clear();
        }
    }

    /** (member, tag) pairs gathered for one statement, as two columns. */
    private static final class Pairs {
        private final List<Long> members = new ArrayList<>();
        private final List<Long> tags = new ArrayList<>();

        void add(long member, long tag) {
            members.add(member);
            tags.add(tag);
        }

        int size() {
            return members.size();
        }

        void clear() {
            members.clear();
            tags.clear();
        }
    }
}
