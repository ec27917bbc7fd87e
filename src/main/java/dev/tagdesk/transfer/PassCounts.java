package dev.tagdesk.transfer;

import dev.tagdesk.transfer.ImportJob.Counts;
import dev.tagdesk.transfer.MemberTagImports.CleanRows;

/**
 * What a pass of checks counts, account by account: the members named, the assignments the file adds,
 * keeps and takes off, its errors and warnings, and what importing only its rows without errors does.
 * Each count can be taken back ({@code sign} -1) when rows checked on their own are checked again with
 * the other rows of their account.
 */
final class PassCounts {

    private long members;
    private long toAdd;
    private long unchanged;
    private long toRemove;
    private int errors;
    private int warnings;

    /** Importing only the rows without errors: rows applied and skipped, members and assignments. */
    private long cleanRows;

    private long skippedRows;
    private long cleanMembers;
    private long cleanToAdd;
    private long cleanUnchanged;
    private long cleanToRemove;

    void problem(ProblemCode code, int sign) {
        if (code.isWarning()) {
            warnings += sign;
        } else if (code.isError()) {
            errors += sign;
        }
    }

    /** What the checks found in the rows of one account ({@code member}: whether it names one). */
    void account(boolean member, AccountFindings found, int sign) {
        if (member) {
            members += sign;
        }
        for (int i = 0; i < found.listedCount(); i++) {
            if (found.listedPresent(i)) {
                unchanged += sign;
            } else {
                toAdd += sign;
            }
        }
        toRemove += (long) sign * found.removedCount();
    }

    /**
     * What importing only the rows without errors does with the rows of one account.
     *
     * @param clean what its rows without errors find, or null when none of them is imported
     */
    void rowsWithoutErrors(int rows, long skipped, AccountFindings clean, int sign) {
        cleanRows += sign * (rows - skipped);
        skippedRows += sign * skipped;
        if (clean != null) {
            cleanMembers += sign;
            int adding = clean.added();
            cleanToAdd += sign * adding;
            cleanUnchanged += sign * (clean.listedCount() - adding);
            cleanToRemove += (long) sign * clean.removedCount();
        }
    }

    /** A row skipped without being checked (beyond the rows held of an account listed too often). */
    void skippedUnchecked() {
        skippedRows++;
    }

    int errors() {
        return errors;
    }

    int warnings() {
        return warnings;
    }

    /** What the whole file changes. */
    Counts counts() {
        return new Counts(members, toAdd, unchanged, toRemove);
    }

    /** What importing only the rows without errors does. */
    CleanRows clean() {
        return new CleanRows(cleanRows, skippedRows, cleanToAdd, cleanToRemove);
    }

    /**
     * What an import of only the rows without errors changed, given the assignments it added and took
     * off: what it meant to add that someone else added meanwhile is simply already there.
     */
    Counts cleanChanged(long added, long removed) {
        return new Counts(cleanMembers, added, cleanUnchanged + cleanToAdd - added, removed);
    }

    /** The rows an import of only the rows without errors applied and skipped, with what it changed. */
    CleanRows cleanApplied(long added, long removed) {
        return new CleanRows(cleanRows, skippedRows, added, removed);
    }
}
