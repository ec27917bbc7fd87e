package dev.tagdesk.transfer;

import dev.tagdesk.tag.Assignments;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One pass of checks over the rows of a file, against the importer's {@link MemberDirectory}, so
 * that no row costs a query. Rows of accounts listed once are checked one by one as they come (as
 * the file is read, for a preview; from the staged rows, when applying); rows of accounts listed
 * more than once are checked together at the end, grouped by account ({@link #repeatedAccounts}).
 * Problems go to {@code import_problem} in batches; when applying, the assignments go to
 * {@code member_tag} in batches too, in the caller's transaction. Memory holds the directory, the
 * first rows of the file (until it is known whether it is small), one account's rows and one batch,
 * whatever the size of the file.
 */
final class ImportPass implements ImportCheck.Outcome {

    private static final String STAGED_COLUMNS = "r.line, r.name, r.account, r.tags, r.repeats_account";

    /**
     * Accounts with a row marked as a (possible) repeat: their rows are checked together. Read into
     * the application and given back as an array, never as a subquery: PostgreSQL hashes a long
     * {@code = any(array)}, whereas a subquery over the staged rows, planned without statistics (a
     * staging table just filled, or emptied by crash recovery), could run once per staged row.
     */
    private static final String REPEATED =
            "select distinct account from import_row where job_id = ? and repeats_account";

    /** The staged rows of accounts listed once, in no particular order. */
    private static final String ACCOUNTS_LISTED_ONCE =
            "select " + STAGED_COLUMNS + " from import_row r where r.job_id = ? and r.account <> all(?)";

    /** The staged rows of accounts listed more than once (seldom many), grouped by account. */
    private static final String ACCOUNTS_LISTED_AGAIN = "select " + STAGED_COLUMNS
            + " from import_row r where r.job_id = ? and r.account = any(?) order by r.account collate \"C\", r.line";

    private static final String FORGET_PROBLEMS_OF_REPEATED_ACCOUNTS = """
            delete from import_problem p using import_row r
            where p.job_id = ? and r.job_id = p.job_id and r.line = p.line and r.account = any(?)""";

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

    /**
     * The rows of a repeated account are held together to be checked: an account listed more often
     * than this is an error, so that a file of one account on every line cannot fill the heap.
     */
    static final int MOST_ROWS_OF_ONE_ACCOUNT = 1_000;

    /** Where the directory of members comes from. */
    interface Directories {

        /** Every member in the importer's scope. */
        MemberDirectory allInScope();

        /** The members in the importer's scope the job's staged rows name. */
        MemberDirectory namedByStagedRows();
    }

    private static final int PROBLEM_BATCH = 5_000;

    private final Connection connection;
    private final long job;
    private final Directories directories;
    private MemberDirectory directory;
    private String[] repeatedAccounts;
    /**
     * A file of up to this many rows is checked once it is all staged, against only the members it
     * names; beyond, the directory of every member in scope is read and the rows checked as they come.
     */
    private final int rowsBeforeWholeDirectory;

    /** Rows waiting for the directory: the first {@link #rowsBeforeWholeDirectory} of a file. */
    private final List<ImportCheck.Row> waiting = new ArrayList<>();

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
            Directories directories,
            ImportCheck check,
            String applyingUser,
            ImportProgress.Tracker progress,
            int changeBatch,
            int rowsBeforeWholeDirectory) {
        this.connection = connection;
        this.job = job;
        this.directories = directories;
        this.check = check;
        this.applyingUser = applyingUser;
        this.progress = progress;
        this.changeBatch = changeBatch;
        this.rowsBeforeWholeDirectory = rowsBeforeWholeDirectory;
    }

    /** Checks every staged row; when applying, also makes the changes of an error-free file. */
    void overStagedRows() throws SQLException {
        try (PreparedStatement memory = connection.prepareStatement("set local work_mem = '64MB'")) {
            memory.execute(); // each batch of writes is sorted by key: in memory, not in a temporary file
        }
        try (PreparedStatement rows = connection.prepareStatement(ACCOUNTS_LISTED_ONCE)) {
            rows.setFetchSize(FETCH);
            rows.setLong(1, job);
            rows.setArray(2, connection.createArrayOf("text", repeated()));
            try (ResultSet rs = rows.executeQuery()) {
                while (rs.next()) {
                    row(staged(rs));
                }
            }
        }
        allRowsStaged();
        repeatedAccounts(false);
        finish();
    }

    /**
     * Checks the row of an account listed once (so far: if it comes again, see {@link
     * #repeatedAccounts}); the first rows of a file wait until it is known whether it is small.
     */
    void row(ImportCheck.Row row) {
        if (directory == null) {
            if (waiting.size() < rowsBeforeWholeDirectory) {
                waiting.add(row);
                return;
            }
            checkWaiting(directories.allInScope());
        }
        checkAccount(List.of(row), this);
    }

    /** Says that every row of the file is staged: the rows still waiting are checked now. */
    void allRowsStaged() {
        if (directory == null) {
            checkWaiting(directories.namedByStagedRows());
        }
    }

    private void checkWaiting(MemberDirectory read) {
        directory = read;
        waiting.forEach(this::row);
        waiting.clear();
    }

    /**
     * Checks together the staged rows of each account with a row marked as a repeat, grouped by
     * account in line order.
     *
     * @param firstRowsChecked whether the unmarked rows of these accounts (the first, listed before
     *     the account was seen again) were checked on their own as they came: then what they
     *     counted is taken back and their problems forgotten, to be found again with the account's
     *     other rows
     */
    void repeatedAccounts(boolean firstRowsChecked) throws SQLException {
        allRowsStaged();
        if (repeated().length == 0) {
            return;
        }
        Array repeated = connection.createArrayOf("text", repeated());
        if (firstRowsChecked) {
            flushProblems();
            try (PreparedStatement forget = connection.prepareStatement(FORGET_PROBLEMS_OF_REPEATED_ACCOUNTS)) {
                forget.setLong(1, job);
                forget.setArray(2, repeated);
                forget.executeUpdate();
            }
        }
        ImportCheck.Outcome takenBack = new TakenBack();
        try (PreparedStatement rows = connection.prepareStatement(ACCOUNTS_LISTED_AGAIN)) {
            rows.setFetchSize(FETCH);
            rows.setLong(1, job);
            rows.setArray(2, repeated);
            try (ResultSet rs = rows.executeQuery()) {
                List<ImportCheck.Row> account = new ArrayList<>();
                while (rs.next()) {
                    ImportCheck.Row row = staged(rs);
                    if (!account.isEmpty() && !account.get(0).account().equals(row.account())) {
                        checkAccount(account, this);
                        account.clear();
                    }
                    if (firstRowsChecked && !rs.getBoolean("repeats_account")) {
                        checkAccount(List.of(row), takenBack);
                    }
                    if (account.size() < MOST_ROWS_OF_ONE_ACCOUNT) {
                        account.add(row);
                    } else if (account.size() == MOST_ROWS_OF_ONE_ACCOUNT) {
                        // One error for the account; its further rows are neither held nor checked.
                        problem(row.line(), 2, "ACCOUNT_REPEATED_TOO_OFTEN", row.account());
                        account.add(row);
                    }
                }
                if (!account.isEmpty()) {
                    checkAccount(account, this);
                }
            }
        }
    }

    /** The accounts with a row marked as a repeat, read once. */
    private String[] repeated() throws SQLException {
        if (repeatedAccounts == null) {
            List<String> accounts = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(REPEATED)) {
                query.setLong(1, job);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        accounts.add(rs.getString(1));
                    }
                }
            }
            repeatedAccounts = accounts.toArray(new String[0]);
        }
        return repeatedAccounts;
    }

    /** Writes what is still gathered: problems, and the changes of an apply. */
    void finish() {
        flushProblems();
        flushChanges();
    }

    private void checkAccount(List<ImportCheck.Row> rows, ImportCheck.Outcome outcome) {
        ImportCheck.Member member = directory.member(rows.get(0).account());
        boolean counted = outcome == this;
        if (member != null) {
            members += counted ? 1 : -1;
        }
        check.check(rows, member, outcome);
        checked += counted ? rows.size() : -rows.size();
        progress.checked(checked);
    }

    private static ImportCheck.Row staged(ResultSet rs) throws SQLException {
        return new ImportCheck.Row(
                rs.getLong("line"), rs.getString("name"), rs.getString("account"), strings(rs, "tags"));
    }

    /** Takes back what the checks of a row counted: the row is checked again with its account's other rows. */
    private final class TakenBack implements ImportCheck.Outcome {

        @Override
        public void problem(long line, int column, String code, String value) {
            if (MemberTagImports.isWarning(code)) {
                warnings--;
            } else {
                errors--;
            }
        }

        @Override
        public void listed(long member, long tag, boolean present) {
            if (present) {
                unchanged--;
            } else {
                toAdd--;
            }
        }

        @Override
        public void removed(long member, long tag) {
            toRemove--;
        }
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
