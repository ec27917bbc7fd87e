package dev.tagdesk.transfer;

import dev.tagdesk.tag.BulkAssignments;
import dev.tagdesk.transfer.MemberTagImports.ImportProblem;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * whatever the size of the file. {@link StagedRows} reads the staged rows back; {@link PassCounts}
 * counts what the pass finds.
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

    /** Who applies, and whether only the rows without errors. */
    record Applying(String user, boolean onlyCleanRows) {}

    private final Connection connection;
    private final StagedRows staged;
    private final Directories directories;
    private MemberDirectory directory;
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

    private final PassCounts counts = new PassCounts();
    private long checked;
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
            int rowsBeforeWholeDirectory,
            BulkAssignments assignments) {
        this.connection = connection;
        this.staged = new StagedRows(connection, job);
        this.directories = directories;
        this.check = check;
        this.applyingUser = applying == null ? null : applying.user();
        this.onlyCleanRows = applying != null && applying.onlyCleanRows();
        this.changes = applying == null ? new ImportChanges(connection, job) : null;
        this.withoutErrors = new RowsWithoutErrors(check, linesWithReadErrors);
        this.progress = progress;
        this.writes = new ImportWrites(connection, assignments, job, applyingUser, progress, changeBatch);
        this.rowsBeforeWholeDirectory = rowsBeforeWholeDirectory;
    }

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

    /** What the pass counted. */
    PassCounts counts() {
        return counts;
    }

    /** The assignments an apply added (not those it only refreshed) and removed. */
    long added() {
        return writes.added();
    }

    long removed() {
        return writes.removed();
    }

    /** Checks every staged row; when applying, also makes the changes of an error-free file. */
    void overStagedRows() throws SQLException {
        pauseChanges();
        try (PreparedStatement memory = connection.prepareStatement("set local work_mem = '64MB'")) {
            memory.execute(); // each batch of writes is sorted by key: in memory, not in a temporary file
        }
        staged.ofAccountsListedOnce((next, repeatsAccount) -> row(next));
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
        if (firstRowsChecked) {
            flushProblems();
            staged.forgetFindingsOfAccountsListedAgain(changes != null);
        }
        AccountsListedAgain accounts = new AccountsListedAgain(firstRowsChecked);
        staged.ofAccountsListedAgain(accounts);
        accounts.end();
    }

    /** The rows of the accounts listed again, gathered account by account and checked together. */
    private final class AccountsListedAgain implements StagedRows.Reader {

        private final boolean firstRowsChecked;
        private final List<ImportCheck.Row> account = new ArrayList<>();
        /** The line where the account was found listed too often, or 0. */
        private long tooOftenAt;

        AccountsListedAgain(boolean firstRowsChecked) {
            this.firstRowsChecked = firstRowsChecked;
        }

        @Override
        public void row(ImportCheck.Row row, boolean repeatsAccount) {
            if (!account.isEmpty() && !account.get(0).account().equals(row.account())) {
                end();
            }
            if (firstRowsChecked && !repeatsAccount) {
                // Checked on its own as it came: what that counted is taken back.
                checkAccount(List.of(row), -1, 0);
            }
            if (account.size() < MOST_ROWS_OF_ONE_ACCOUNT) {
                account.add(row);
            } else if (account.size() == MOST_ROWS_OF_ONE_ACCOUNT) {
                // One error for the account; its further rows are neither held nor checked.
                problem(row.line(), 2, ProblemCode.ACCOUNT_REPEATED_TOO_OFTEN, row.account());
                account.add(row);
                tooOftenAt = row.line();
            } else {
                beyondMostRows(row);
            }
        }

        /** Checks the rows gathered of the account. */
        void end() {
            if (!account.isEmpty()) {
                checkAccount(account, 1, tooOftenAt);
                account.clear();
                tooOftenAt = 0;
            }
        }
    }

    /** The accounts with a row marked as a repeat (read once, on a connection free of the COPY). */
    private String[] repeated() throws SQLException {
        pauseChanges();
        return staged.repeatedAccounts();
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
     * changes ({@link #write}).
     *
     * @param tooOftenAt the line where the account was found listed too often, or 0
     */
    private void checkAccount(List<ImportCheck.Row> rows, int sign, long tooOftenAt) {
        ImportCheck.Member member = directory.member(rows.get(0).account());
        found.clear();
        check.check(rows, member, found);
        for (ImportProblem p : found.problems) {
            if (sign > 0) {
                problem(p.line(), p.column(), p.code(), p.value());
            } else {
                counts.problem(p.code(), -1);
            }
        }
        counts.account(member != null, found, sign);
        AccountFindings clean = withoutErrors.of(rows, member, found, tooOftenAt);
        long skipped = clean == null ? rows.size() : withoutErrors.rowsWithErrors();
        counts.rowsWithoutErrors(rows.size(), skipped, clean, sign);
        checked += (long) sign * rows.size();
        progress.checked(checked);
        if (sign > 0) {
            write(rows, clean);
        }
    }

    /**
     * Writes what one account's rows change: a checking pass lists the changes of its rows without
     * errors; an apply writes the changes of every row (refused at the end if any has an error), or
     * of the rows without errors only, noting the rows skipped with their member.
     *
     * @param clean what the account's rows without errors find, or null when none of them is imported
     */
    private void write(List<ImportCheck.Row> rows, AccountFindings clean) {
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
        } else if (counts.errors() == 0) {
            gather(found);
        }
    }

    /** Adds the changes found for one member to those to write. */
    private void gather(AccountFindings findings) {
        if (writes.gather(findings)) {
            flushChanges();
        }
    }

    /** A row of a too often listed account beyond those held: never checked, never imported. */
    private void beyondMostRows(ImportCheck.Row row) {
        counts.skippedUnchecked();
        skippedWithAccount(row);
    }

    /**
     * A row skipped with its account, without an error of its own: when only the rows without errors
     * are applied, it is noted, so that the list of skipped rows and the error report give the reason.
     */
    private void skippedWithAccount(ImportCheck.Row row) {
        if (onlyCleanRows) {
            record(row.line(), 2, ProblemCode.ROW_SKIPPED_WITH_ACCOUNT, row.account());
        }
    }

    // --- problems and writes ---------------------------------------------------------------------

    /** A problem the pass finds: counted, and recorded unless an apply of every row finds it. */
    private void problem(long line, int column, ProblemCode code, String value) {
        counts.problem(code, 1);
        if (applyingUser == null || onlyCleanRows) {
            record(line, column, code, value);
        }
        // An apply of every row that finds errors is rolled back and checked again to record them.
    }

    private void record(long line, int column, ProblemCode code, String value) {
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
        if (counts.errors() > 0 && !onlyCleanRows) {
            writes.dropChanges();
        } else {
            writes.flushChanges();
        }
    }
}
