package dev.tagdesk.transfer;

import dev.tagdesk.transfer.MemberTagImports.CleanRows;
import dev.tagdesk.transfer.MemberTagImports.Mode;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * An import job as its row in {@code import_job} holds it for its steps: how its file was read,
 * where the job is, what its file changes (as previewed, or as applied), how many problems it has,
 * and what importing only its rows without errors does. Read by {@link ImportJobs}.
 *
 * @param counts what the file changes: as previewed, or, once applied, as applied
 * @param problems the first problems, as JSON ({@link MemberTagImports.ImportProblem}s)
 * @param failedDuring the step a FAILED job stopped in, else null
 * @param filesRemoved whether the nightly clean-up removed its staged rows and problems
 * @param changesListed whether its checks listed what its rows without errors change (jobs checked
 *     before that was done did not)
 * @param errorsWithoutLine errors found while reading that have no line: the rows without errors are
 *     then unknown
 * @param onlyCleanRows whether it is applied (or being applied) with only its rows without errors
 */
record ImportJob(
        long id,
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
        String problems,
        ImportStep failedDuring,
        long fileBytes,
        boolean filesRemoved,
        CleanRows clean,
        boolean changesListed,
        long errorsWithoutLine,
        boolean onlyCleanRows) {

    /** What a file changes: members it names in scope, assignments to add, already there, to take off. */
    record Counts(long members, long toAdd, long unchanged, long toRemove) {

        static final Counts NONE = new Counts(0, 0, 0, 0);
    }

    static ImportJob of(ResultSet rs) throws SQLException {
        String failedDuring = rs.getString("failed_during");
        return new ImportJob(
                rs.getLong("id"),
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
                rs.getString("problems"),
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
