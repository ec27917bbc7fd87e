package dev.tagdesk.transfer;

import dev.tagdesk.transfer.MemberTagImports.CleanRows;
import dev.tagdesk.transfer.MemberTagImports.Mode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * An import job as its row in {@code import_job} holds it: who uploaded which file, how it was read,
 * where the job is, what its file changes (as previewed, or as applied), how many problems it has,
 * and what importing only its rows without errors does: a line of the import history. Read by
 * {@link ImportJobs}; its first problems, a JSON column of up to two thousand, are read only for its
 * report ({@link MemberTagImports.ImportReport}).
 *
 * @param counts what the file changes: as previewed, or, once applied, as applied
 * @param failedDuring the step a FAILED job stopped in, else null
 * @param filesRemoved whether the nightly clean-up removed its staged rows and problems
 * @param changesListed whether its checks listed what its rows without errors change (jobs checked
 *     before that was done did not)
 * @param errorsWithoutLine errors found while reading that have no line: the rows without errors are
 *     then unknown
 * @param onlyCleanRows whether it is applied (or being applied) with only its rows without errors
 */
public record ImportJob(
        long id,
        String createdBy,
        Instant createdAt,
        String fileName,
        Mode mode,
        ImportStatus status,
        String encoding,
        String separator,
        long rowsRead,
        int tagColumns,
        boolean englishHeader,
        Counts counts,
        int errorCount,
        int warningCount,
        ImportStep failedDuring,
        long fileBytes,
        boolean filesRemoved,
        CleanRows clean,
        boolean changesListed,
        long errorsWithoutLine,
        boolean onlyCleanRows) {

    /** What a file changes: members it names in scope, assignments to add, already there, to take off. */
    public record Counts(long members, long toAdd, long unchanged, long toRemove) {

        static final Counts NONE = new Counts(0, 0, 0, 0);
    }

    /** The columns {@link #of} reads: all but the problems. */
    static final String COLUMNS = """
            id, created_by, created_at, file_name, mode, status, encoding, separator, rows_read, tag_columns,
            english_header, members, to_add, unchanged, to_remove, error_count, warning_count, failed_during,
            file_bytes, files_removed_at, clean_rows, skipped_rows, clean_to_add, clean_to_remove,
            changes_listed, errors_without_line, only_clean_rows""";

    static ImportJob of(ResultSet rs) throws SQLException {
        String failedDuring = rs.getString("failed_during");
        return new ImportJob(
                rs.getLong("id"),
                rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("file_name"),
                Mode.valueOf(rs.getString("mode")),
                ImportStatus.valueOf(rs.getString("status")),
                rs.getString("encoding"),
                rs.getString("separator"),
                rs.getLong("rows_read"),
                rs.getInt("tag_columns"),
                rs.getBoolean("english_header"),
                new Counts(
                        rs.getLong("members"), rs.getLong("to_add"), rs.getLong("unchanged"), rs.getLong("to_remove")),
                rs.getInt("error_count"),
                rs.getInt("warning_count"),
                failedDuring == null ? null : ImportStep.valueOf(failedDuring),
                rs.getLong("file_bytes"),
                rs.getTimestamp("files_removed_at") != null,
                new CleanRows(
                        rs.getLong("clean_rows"),
                        rs.getLong("skipped_rows"),
                        rs.getLong("clean_to_add"),
                        rs.getLong("clean_to_remove")),
                rs.getBoolean("changes_listed"),
                rs.getLong("errors_without_line"),
                rs.getBoolean("only_clean_rows"));
    }
}
