package dev.tagdesk.transfer;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * What can be wrong with an imported file, each with its severity, in one place. A code is stored as
 * its name ({@code import_problem.code}, the job's {@code problems} JSON) and answered as such by the
 * API; its message is {@code import.<CODE>}, filled with the line, the column and the value.
 */
public enum ProblemCode {

    // Found by the reader, which stops there: the file is not read to its end and the import is refused.
    FILE_EMPTY(Severity.FATAL),
    FILE_TOO_LARGE(Severity.FATAL),
    FILE_NOT_TEXT(Severity.FATAL),
    ENCODING_INVALID(Severity.FATAL),
    HEADER_INVALID(Severity.FATAL),
    SEPARATOR_FULLWIDTH(Severity.FATAL),
    ROW_MALFORMED(Severity.FATAL),

    /**
     * Found by the reader, which reads on: the one error the checks cannot find again in the staged
     * rows (the cell is not staged), so it is kept when they check again.
     */
    CELL_OUTSIDE_HEADER(Severity.ERROR),

    // Found by the checks, on the rows of one account.
    ACCOUNT_EMPTY(Severity.ERROR),
    ACCOUNT_UNKNOWN(Severity.ERROR),
    ACCOUNT_REPEATED(Severity.WARNING),
    ACCOUNT_REPEATED_TOO_OFTEN(Severity.ERROR),
    NAME_MISMATCH(Severity.WARNING),
    TAG_UNKNOWN(Severity.ERROR),
    TAG_NORMALISED(Severity.WARNING),
    TAG_NOT_AVAILABLE(Severity.ERROR),
    TAG_EXCLUSIVE_CONFLICT(Severity.ERROR),

    /**
     * A row without an error of its own, skipped when only the rows without errors are imported with
     * the other rows of its member (replace mode, an account listed too often). Recorded with the
     * problems, so that the list of skipped rows and the error report give these rows back too.
     */
    ROW_SKIPPED_WITH_ACCOUNT(Severity.NOTE);

    /** What a problem does to an import. */
    public enum Severity {
        /** An error the reader stops at: nothing is staged, the import is refused. */
        FATAL,
        /** Refuses an apply of the whole file; its row is left out of an import of only the rows without errors. */
        ERROR,
        /** Said, and the row applies all the same. */
        WARNING,
        /** Neither: says why a row was skipped. */
        NOTE
    }

    private final Severity severity;

    ProblemCode(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }

    /** Whether the problem refuses an apply of the whole file (a fatal one too). */
    public boolean isError() {
        return severity == Severity.FATAL || severity == Severity.ERROR;
    }

    public boolean isWarning() {
        return severity == Severity.WARNING;
    }

    /** Whether the reader stops at the problem. */
    public boolean stopsReading() {
        return severity == Severity.FATAL;
    }

    /** The key of the problem's message; its arguments are the line, the column and the value. */
    public String messageKey() {
        return "import." + name();
    }

    /** The names of the codes that match, for SQL ({@code code = any(?)}). */
    static String[] names(Predicate<ProblemCode> which) {
        return Arrays.stream(values()).filter(which).map(ProblemCode::name).toArray(String[]::new);
    }
}
