package dev.tagdesk.transfer;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The staged rows of a job ({@code import_row}) as a pass of checks reads them back, in the given
 * connection (the caller's transaction): the rows of accounts listed once, in no particular order,
 * and the rows of accounts listed more than once, grouped by account in line order. Read through a
 * cursor, a fetch at a time, whatever the size of the file.
 */
final class StagedRows {

    private static final String COLUMNS = "r.line, r.name, r.account, r.tags, r.repeats_account";

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
            "select " + COLUMNS + " from import_row r where r.job_id = ? and r.account <> all(?)";

    /** The staged rows of accounts listed more than once (seldom many), grouped by account. */
    private static final String ACCOUNTS_LISTED_AGAIN = "select " + COLUMNS
            + " from import_row r where r.job_id = ? and r.account = any(?) order by r.account collate \"C\", r.line";

    private static final String FORGET_PROBLEMS_OF_REPEATED_ACCOUNTS = """
            delete from import_problem p using import_row r
            where p.job_id = ? and r.job_id = p.job_id and r.line = p.line and r.account = any(?)""";

    private static final String FORGET_CHANGES_OF_REPEATED_ACCOUNTS = """
            delete from import_change c using import_row r
            where c.job_id = ? and r.job_id = c.job_id and r.line = c.line and r.account = any(?)""";

    private static final int FETCH = 10_000;

    /** A staged row, and whether it was marked as a (possible) repeat of an account seen before. */
    interface Reader {
        void row(ImportCheck.Row row, boolean repeatsAccount) throws SQLException;
    }

    private final Connection connection;
    private final long job;
    private String[] repeatedAccounts;

    StagedRows(Connection connection, long job) {
        this.connection = connection;
        this.job = job;
    }

    /** The accounts with a row marked as a repeat, read once. */
    String[] repeatedAccounts() throws SQLException {
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

    /** Gives every staged row of an account listed once to {@code rows}. */
    void ofAccountsListedOnce(Reader rows) throws SQLException {
        read(ACCOUNTS_LISTED_ONCE, connection.createArrayOf("text", repeatedAccounts()), rows);
    }

    /** Gives every staged row of an account listed again to {@code rows}, by account in line order. */
    void ofAccountsListedAgain(Reader rows) throws SQLException {
        read(ACCOUNTS_LISTED_AGAIN, connection.createArrayOf("text", repeatedAccounts()), rows);
    }

    /** Forgets the problems recorded for the rows of the accounts listed again (and the changes listed). */
    void forgetFindingsOfAccountsListedAgain(boolean changesListed) throws SQLException {
        Array accounts = connection.createArrayOf("text", repeatedAccounts());
        forget(FORGET_PROBLEMS_OF_REPEATED_ACCOUNTS, accounts);
        if (changesListed) {
            forget(FORGET_CHANGES_OF_REPEATED_ACCOUNTS, accounts);
        }
    }

    private void read(String query, Array accounts, Reader rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setFetchSize(FETCH);
            statement.setLong(1, job);
            statement.setArray(2, accounts);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.row(staged(rs), rs.getBoolean("repeats_account"));
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

    private static ImportCheck.Row staged(ResultSet rs) throws SQLException {
        Array tags = rs.getArray("tags");
        return new ImportCheck.Row(
                rs.getLong("line"),
                rs.getString("name"),
                rs.getString("account"),
                tags == null ? new String[0] : (String[]) tags.getArray());
    }
}
