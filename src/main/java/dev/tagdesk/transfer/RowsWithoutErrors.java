package dev.tagdesk.transfer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What "a row without errors" means when only those rows of a file are imported, for the rows of
 * one account: a row with an error (found by the checks, or by the reader: a cell outside the header)
 * is left out. In merge mode the account's other rows are checked again on their own, and what they
 * find is what is imported (what they list is still added, and an exclusive group's tag they list
 * still replaces the old one). In replace mode the member is skipped whole: replacing with fewer rows
 * than the file lists would take off the tags of the row left out. An account listed too often is
 * skipped whole too, as its later rows were never checked.
 */
final class RowsWithoutErrors {

    private final ImportCheck check;
    /** Lines with an error the reader found, which the checks cannot see; at most the reader's listed problems. */
    private final Set<Long> linesWithReadErrors;

    private final AccountFindings alone = new AccountFindings();
    /** The lines of the account's rows with an error, as of the last {@link #of}. */
    private final Set<Long> linesWithErrors = new HashSet<>();

    RowsWithoutErrors(ImportCheck check, Set<Long> linesWithReadErrors) {
        this.check = check;
        this.linesWithReadErrors = linesWithReadErrors;
    }

    /** A row the reader found an error in (a cell outside the header): it is not a row without errors. */
    void readError(long line) {
        if (linesWithReadErrors.size() < ImportProblems.KEPT) {
            linesWithReadErrors.add(line);
        }
    }

    /**
     * What the account's rows without errors find on their own, or null when none of its rows is
     * imported.
     *
     * @param found what the checks found in all the account's rows
     * @param tooOftenAt the line where the account was found listed too often, or 0
     */
    AccountFindings of(List<ImportCheck.Row> rows, ImportCheck.Member member, AccountFindings found, long tooOftenAt) {
        linesWithErrors.clear();
        found.linesWithErrors(linesWithErrors);
        if (!linesWithReadErrors.isEmpty()) {
            for (ImportCheck.Row row : rows) {
                if (linesWithReadErrors.contains(row.line())) {
                    linesWithErrors.add(row.line());
                }
            }
        }
        if (tooOftenAt != 0) {
            linesWithErrors.add(tooOftenAt);
        }
        if (linesWithErrors.isEmpty()) {
            return member == null ? null : found;
        }
        if (member == null || tooOftenAt != 0 || check.mode() == MemberTagImports.Mode.REPLACE) {
            return null;
        }
        List<ImportCheck.Row> clean = new ArrayList<>(rows.size());
        for (ImportCheck.Row row : rows) {
            if (!linesWithErrors.contains(row.line())) {
                clean.add(row);
            }
        }
        if (clean.isEmpty()) {
            return null;
        }
        alone.clear();
        check.check(clean, member, alone);
        // Rows without errors together have none apart; should they ever, none of them is imported.
        return alone.hasErrors() ? null : alone;
    }

    /** Whether the row has an error of its own (as of the last {@link #of}). */
    boolean hasError(ImportCheck.Row row) {
        return linesWithErrors.contains(row.line());
    }

    /** How many of the account's rows have an error of their own (as of the last {@link #of}). */
    int rowsWithErrors() {
        return linesWithErrors.size();
    }
}
