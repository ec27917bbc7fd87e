package dev.tagdesk.transfer;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One pass of checks over the rows of a file, against the importer's {@link MemberDirectory}, so
 * that no row costs a query. Rows of accounts listed once are checked one by one as they come (as
 * the file is read, for a preview; from the staged rows, when applying); rows of accounts listed
 * more than once are checked together at the end, grouped by account ({@link #repeatedAccounts}).
 * Problems go to {@code import_problem} in batches; when applying, the assignments go to
 * {@code member_tag} in batches too, in the caller's transaction. Memory holds the directory, the
 * first rows of the file (until it is known whether it is small), one account's rows and one batch,
 * whatever the size of the file.
 *
 * <p>Each account's findings are held until its rows are checked ({@link AccountFindings}), so that
 * the pass also knows what importing only the rows without errors does: a row with an error is
 * skipped, and so are the other rows of its member in replace mode (leaving a row out of a replace
 * would take the member's tags listed on it off) and of an account listed too often. A checking pass
 * writes those changes to {@code import_change} ({@link ImportChanges}) and counts them; an apply of
 * only the rows without errors writes them to {@code member_tag} and records every problem, plus a
 * note ({@code ROW_SKIPPED_WITH_ACCOUNT}) on each row skipped without an error of its own.
 */
final class ImportPass {

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

    private static final String FORGET_CHANGES_OF_REPEATED_ACCOUNTS = """
            delete from import_change c using import_row r
            where c.job_id = ? and r.job_id = c.job_id and r.line = c.line and r.account = any(?)""";

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
    /** Whether the apply writes only the rows without errors (and records the problems as it goes). */
    private final boolean onlyCleanRows;
    /** Where a checking pass writes what the rows without errors change; null when applying. */
    private final ImportChanges changes;
    /** Which rows of an account are imported when only the rows without errors are. */
    private final RowsWithoutErrors withoutErrors;

    private final ImportProgress.Tracker progress;
    /** Where the problems and, when applying, the assignments go, in batches. */
    private final ImportWrites writes;

    long members;
    long toAdd;
    long unchanged;
    long toRemove;
    int errors;
    int warnings;
    private long checked;

    /** Importing only the rows without errors: rows applied and skipped, members and assignments. */
    long cleanRows;

    long skippedRows;
    long cleanMembers;
    long cleanToAdd;
    long cleanUnchanged;
    long cleanToRemove;

    private final AccountFindings found = new AccountFindings();

    ImportPass(
            Connection connection,
            long job,
            Directories directories,
            ImportCheck check,
            Applying applying,
            Set<Long> linesWithReadErrors,
            ImportProgress.Tracker progress,
            int changeBatch,
            int rowsBeforeWholeDirectory) {
        this.connection = connection;
        this.job = job;
        this.directories = directories;
        this.check = check;
        this.applyingUser = applying == null ? null : applying.user();
        this.onlyCleanRows = applying != null && applying.onlyCleanRows();
        this.changes = applying == null ? new ImportChanges(connection, job) : null;
        this.withoutErrors = new RowsWithoutErrors(check, linesWithReadErrors);
        this.progress = progress;
        this.writes = new ImportWrites(connection, job, applyingUser, progress, changeBatch);
        this.rowsBeforeWholeDirectory = rowsBeforeWholeDirectory;
    }

    /** Who applies, and whether only the rows without errors. */
    record Applying(String user, boolean onlyCleanRows) {}

    /**
     * Says that the file is being read: nothing else uses the connection until {@link
     * #allRowsStaged}, so the changes stream to PostgreSQL with one open COPY.
     */
    void whileReading() {
        changes.streaming(true);
    }

    /** Says that the file is read: the COPY of the changes ends, the connection is free again. */
    void fileRead() {
        changes.streaming(false);
    }

    /** A row the reader found an error in (a cell outside the header): it is not a row without errors. */
    void readError(long line) {
        withoutErrors.readError(line);
    }

    /** The file could not be read: what was gathered is given up (the transaction rolls back). */
    void abandon() {
        if (changes != null) {
            changes.abandon();
        }
    }

    /** Checks every staged row; when applying, also makes the changes of an error-free file. */
    void overStagedRows() throws SQLException {
        pauseChanges();
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
            pauseChanges();
            checkWaiting(directories.allInScope());
        }
        checkAccount(List.of(row), 1, 0);
    }

    /** Says that every row of the file is staged: the rows still waiting are checked now. */
    void allRowsStaged() {
        if (changes != null) {
            changes.streaming(false);
        }
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
            forget(FORGET_PROBLEMS_OF_REPEATED_ACCOUNTS, repeated);
            if (changes != null) {
                forget(FORGET_CHANGES_OF_REPEATED_ACCOUNTS, repeated);
            }
        }
        try (PreparedStatement rows = connection.prepareStatement(ACCOUNTS_LISTED_AGAIN)) {
            rows.setFetchSize(FETCH);
            rows.setLong(1, job);
            rows.setArray(2, repeated);
            try (ResultSet rs = rows.executeQuery()) {
                List<ImportCheck.Row> account = new ArrayList<>();
                long tooOftenAt = 0;
                while (rs.next()) {
                    ImportCheck.Row row = staged(rs);
                    if (!account.isEmpty() && !account.get(0).account().equals(row.account())) {
                        checkAccount(account, 1, tooOftenAt);
                        account.clear();
                        tooOftenAt = 0;
                    }
                    if (firstRowsChecked && !rs.getBoolean("repeats_account")) {
                        // Checked on its own as it came: what that counted is taken back.
                        checkAccount(List.of(row), -1, 0);
                    }
                    if (account.size() < MOST_ROWS_OF_ONE_ACCOUNT) {
                        account.add(row);
                    } else if (account.size() == MOST_ROWS_OF_ONE_ACCOUNT) {
                        // One error for the account; its further rows are neither held nor checked.
                        problem(row.line(), 2, "ACCOUNT_REPEATED_TOO_OFTEN", row.account());
                        account.add(row);
                        tooOftenAt = row.line();
                    } else {
                        beyondMostRows(row);
                    }
                }
                if (!account.isEmpty()) {
                    checkAccount(account, 1, tooOftenAt);
                }
            }
        }
    }

    private void forget(String statement, Array accounts) throws SQLException {
        try (PreparedStatement forget = connection.prepareStatement(statement)) {
            forget.setLong(1, job);
            forget.setArray(2, accounts);
            forget.executeUpdate();
        }
    }

    /** The accounts with a row marked as a repeat, read once. */
    private String[] repeated() throws SQLException {
        pauseChanges();
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
        pauseChanges();
    }

    private void pauseChanges() {
        if (changes != null) {
            changes.pause();
        }
    }

    /**
     * Checks the rows of one account, counts what they find ({@code sign} -1 takes back what an
     * earlier check of a row counted) and, unless taking back, records the problems and writes the
     * changes: a checking pass those of the rows without errors, to list them; an apply the changes of
     * every row (refused at the end if any has an error), or of the rows without errors only.
     *
     * @param tooOftenAt the line where the account was found listed too often, or 0
     */
    private void checkAccount(List<ImportCheck.Row> rows, int sign, long tooOftenAt) {
        ImportCheck.Member member = directory.member(rows.get(0).account());
        if (member != null) {
            members += sign;
        }
        found.clear();
        check.check(rows, member, found);
        for (MemberTagImports.ImportProblem p : found.problems) {
            if (sign > 0) {
                problem(p.line(), p.column(), p.code(), p.value());
            } else {
                count(-1, p.code());
            }
        }
        for (int i = 0; i < found.listedCount(); i++) {
            if (found.listedPresent(i)) {
                unchanged += sign;
            } else {
                toAdd += sign;
            }
        }
        toRemove += (long) sign * found.removedCount();

        AccountFindings clean = withoutErrors.of(rows, member, found, tooOftenAt);
        long skipped = clean == null ? rows.size() : withoutErrors.rowsWithErrors();
        cleanRows += sign * (rows.size() - skipped);
        skippedRows += sign * skipped;
        if (clean != null) {
            cleanMembers += sign;
            int adding = clean.added();
            cleanToAdd += sign * adding;
            cleanUnchanged += sign * (clean.listedCount() - adding);
            cleanToRemove += (long) sign * clean.removedCount();
        }
        checked += (long) sign * rows.size();
        progress.checked(checked);
        if (sign < 0) {
            return;
        }
        if (applyingUser == null) {
            if (clean != null && clean.changesSomething()) {
                changes.add(rows.get(0).line(), clean);
            }
        } else if (onlyCleanRows) {
            if (clean != null) {
                gather(clean);
            } else {
                for (ImportCheck.Row row : rows) {
                    if (!withoutErrors.hasError(row)) {
                        skippedWithAccount(row);
                    }
                }
            }
        } else if (errors == 0) {
            gather(found);
        }
    }

    /** Adds the changes found for one member to those to write. */
    private void gather(AccountFindings findings) {
        if (writes.gather(findings)) {
            flushChanges();
        }
    }

    /** The assignments an apply added (not those it only refreshed) and removed. */
    long added() {
        return writes.added();
    }

    long removed() {
        return writes.removed();
    }

    /** A row of a too often listed account beyond those held: never checked, never imported. */
    private void beyondMostRows(ImportCheck.Row row) {
        skippedRows++;
        skippedWithAccount(row);
    }

    /**
     * A row skipped with its account, without an error of its own: when only the rows without errors
     * are applied, it is noted, so that the list of skipped rows and the error report give the reason.
     */
    private void skippedWithAccount(ImportCheck.Row row) {
        if (onlyCleanRows) {
            record(row.line(), 2, "ROW_SKIPPED_WITH_ACCOUNT", row.account());
        }
    }

    private static ImportCheck.Row staged(ResultSet rs) throws SQLException {
        return new ImportCheck.Row(
                rs.getLong("line"), rs.getString("name"), rs.getString("account"), strings(rs, "tags"));
    }

    // --- problems and writes ---------------------------------------------------------------------

    /** A problem the pass finds: counted, and recorded unless an apply of every row finds it. */
    private void problem(long line, int column, String code, String value) {
        count(1, code);
        if (applyingUser == null || onlyCleanRows) {
            record(line, column, code, value);
        }
        // An apply of every row that finds errors is rolled back and checked again to record them.
    }

    private void count(int sign, String code) {
        if (MemberTagImports.isWarning(code)) {
            warnings += sign;
        } else {
            errors += sign;
        }
    }

    private void record(long line, int column, String code, String value) {
        if (writes.problem(line, column, code, value)) {
            flushProblems();
        }
    }

    private void flushProblems() {
        if (writes.problemsGathered()) {
            pauseChanges();
            writes.flushProblems();
        }
    }

    /**
     * Writes the changes gathered so far, unless an error was found in an apply of every row: then the
     * apply is refused.
     */
    private void flushChanges() {
        if (errors > 0 && !onlyCleanRows) {
            writes.dropChanges();
        } else {
            writes.flushChanges();
        }
    }

    private static String[] strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? new String[0] : (String[]) array.getArray();
    }
}
